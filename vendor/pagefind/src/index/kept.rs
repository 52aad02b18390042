//! ent-guide: what a language's index was made of, kept between builds so
//! that an index where a few pages changed is made again from the pages
//! that changed alone ([`update`]), with the same bytes as an index built
//! from every page.
//!
//! Upstream turns every page into a word map, merges them all, and encodes
//! the merged words in chunks. Each word's encoded bytes depend only on
//! its own pages, and a chunk's bytes are its words' bytes one after the
//! other ([`chunk_bytes`]), so the index keeps, for each word, its bytes
//! and its size (what decides where chunks end), and for each page what
//! the rest of the index needs of it ([`PageSummary`]). When pages change,
//! only the words those pages hold otherwise than they did are decoded,
//! changed and encoded again; the chunks, fragments, filters and meta
//! index are then made as in a full build ([`super::assemble`]).
//!
//! It is kept in parts ([`Kept::parts`]): runs of 32 pages, and runs of
//! words cut after the words whose name hashes to a multiple of 64 (so a
//! run ends at the same word whichever others come or go). A part nothing
//! changed in since it was read is given back as the same part, so that
//! after an edit the caller stores a few small parts, not megabytes.
//!
//! [`update`] declines (and the index is built whole) when the pages to
//! replace are not all in the index, when the index's meta fields would
//! change (every word's field numbers would), or in the rare case where
//! the order of a word's diacritic variants cannot be known from the pages
//! that changed ([`updated_word`]).

use super::index_words::{PackedPage, PackedWord};
use super::index_words::PackedVariant;
use super::{assemble, process_page, PagefindIndexes};
use crate::fossick::FossickedData;
use crate::SearchOptions;
use anyhow::Result;
use hashbrown::{HashMap, HashSet};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A language's index as it was made (see the module's documentation).
pub struct Kept {
    language: String,
    meta_fields: Vec<String>,
    /// In page order.
    pages: Vec<PageSummary>,
    /// Sorted by word.
    words: Vec<WordEntry>,
    /// The parts it was read from ([`Kept::from_parts`]): each one's
    /// extent and tag.
    read: HashMap<Extent, [u8; 32]>,
    /// What changed since it was read ([`update`]); `None` when not known
    /// (an index made whole): every part is new then.
    changed: Option<Changed>,
}

/// What an update changed of a kept index: the pages, by number, and the
/// words.
struct Changed {
    pages: HashSet<usize>,
    words: BTreeSet<String>,
}

/// What a part of a kept index holds: a run of pages (by number), or of
/// words (the first, the last, how many).
#[derive(Clone, PartialEq, Eq, Hash)]
enum Extent {
    Pages(usize, usize),
    Words(String, String, usize),
}

/// Pages in a part of a kept index.
const PAGES_PER_PART: usize = 32;

/// Words in a part of a kept index, on average: a part ends after a word
/// whose name's hash is a multiple of this, so that parts end at the same
/// words whichever other words come or go.
const WORDS_PER_PART: u64 = 64;

/// Whether a part of the words ends after `word`.
fn ends_part(word: &str) -> bool {
    // FNV-1a: stable across builds and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h % WORDS_PER_PART == 0
}

/// A part of a kept index as [`Kept::parts`] gives it.
pub enum Part {
    /// The bytes of the part read back with this tag ([`Kept::from_parts`]).
    Same([u8; 32]),
    /// Bytes to keep, under a tag of the caller's.
    New(Vec<u8>),
}

/// The head of a kept index in parts: its language, meta fields, and how
/// many of its parts hold pages (the others hold words).
#[derive(Serialize, Deserialize)]
struct Head {
    language: String,
    meta_fields: Vec<String>,
    page_parts: usize,
}

/// What the index needs of a page besides its words.
#[derive(Serialize, Deserialize)]
pub(crate) struct PageSummary {
    pub(crate) url: String,
    /// `<language>_<digest of the fragment>`.
    pub(crate) full_hash: String,
    /// The page's fragment, as JSON.
    pub(crate) encoded_data: String,
    pub(crate) word_count: usize,
    /// `(filter, value)`, in the page's order.
    pub(crate) filters: Vec<(String, String)>,
    pub(crate) sort: BTreeMap<String, String>,
    pub(crate) meta_keys: Vec<String>,
    pub(crate) has_custom_body: bool,
    pub(crate) force_inclusion: bool,
}

/// A word of the index: its bytes in a chunk and its size.
#[derive(Serialize, Deserialize)]
pub(crate) struct WordEntry {
    pub(crate) word: String,
    /// What the word counts towards its chunk's size: a position or page
    /// each, and a variant each (upstream's `chunk_index`).
    pub(crate) size: usize,
    /// The word CBOR-encoded, its pages' numbers delta-encoded.
    #[serde(with = "whole")]
    bytes: Vec<u8>,
}

/// Bytes serialised whole (serde's own form of a `Vec<u8>` is a sequence
/// of numbers, one call each).
mod whole {
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct Bytes;
        impl<'de> de::Visitor<'de> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
        }
        d.deserialize_bytes(Bytes)
    }
}

impl WordEntry {
    /// Encodes a merged word: its pages sorted by number and
    /// delta-encoded, as upstream does in each chunk.
    pub(crate) fn of(mut word: PackedWord) -> WordEntry {
        word.pages.sort_by_key(|p| p.page_number);
        for variant in &mut word.additional_variants {
            variant.pages.sort_by_key(|p| p.page_number);
        }
        let size = word
            .pages
            .iter()
            .chain(word.additional_variants.iter().flat_map(|v| &v.pages))
            .map(|p| p.locs.len() + p.meta_locs.len() + 1)
            .sum::<usize>()
            + word.additional_variants.len();
        delta(&mut word.pages);
        for variant in &mut word.additional_variants {
            delta(&mut variant.pages);
        }
        let mut bytes = Vec::new();
        let _ = minicbor::encode(&word, &mut bytes);
        WordEntry {
            word: word.word,
            size,
            bytes,
        }
    }

    /// The word back, its pages' numbers absolute; `None` for bytes that
    /// are not a word.
    fn decode(&self) -> Option<PackedWord> {
        let mut word: PackedWord = minicbor::decode(&self.bytes).ok()?;
        undelta(&mut word.pages)?;
        for variant in &mut word.additional_variants {
            undelta(&mut variant.pages)?;
        }
        Some(word)
    }
}

/// Page numbers (sorted) as the difference from the one before.
fn delta(pages: &mut [PackedPage]) {
    let mut last_page: usize = 0;
    for page in pages {
        let delta = page.page_number - last_page;
        last_page = page.page_number;
        page.page_number = delta;
    }
}

/// [`delta`] undone; `None` past the largest number.
fn undelta(pages: &mut [PackedPage]) -> Option<()> {
    let mut last_page: usize = 0;
    for page in pages {
        last_page = last_page.checked_add(page.page_number)?;
        page.page_number = last_page;
    }
    Some(())
}

/// The bytes of a chunk of the word index holding `words`: the CBOR of
/// upstream's `WordIndex { words }` (an array of one field, the array of
/// words), the words' bytes as they are.
pub(crate) fn chunk_bytes(words: &[WordEntry]) -> Vec<u8> {
    let size = words.iter().map(|w| w.bytes.len()).sum::<usize>();
    let mut encoder = minicbor::Encoder::new(Vec::with_capacity(size + 16));
    let _ = encoder.array(1).and_then(|e| e.array(words.len() as u64));
    let mut bytes = encoder.into_writer();
    for word in words {
        bytes.extend_from_slice(&word.bytes);
    }
    bytes
}

impl Kept {
    pub(crate) fn new(
        language: String,
        meta_fields: Vec<String>,
        pages: Vec<PageSummary>,
        words: Vec<WordEntry>,
    ) -> Kept {
        Kept {
            language,
            meta_fields,
            pages,
            words,
            read: HashMap::new(),
            changed: None,
        }
    }

    /// How many pages the index holds.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// The kept index in parts, for [`Kept::from_parts`] of the same
    /// Pagefind version: its head's bytes, and each part, in order, as the
    /// bytes it was read from ([`Part::Same`]: nothing in it changed since)
    /// or as new bytes. Runs of pages and of words, cut where they are
    /// whatever else changes: an update of a few pages makes a few parts
    /// anew, and the caller stores only those.
    pub fn parts(&self) -> Result<(Vec<u8>, Vec<Part>)> {
        let mut parts = Vec::new();
        for (i, run) in self.pages.chunks(PAGES_PER_PART).enumerate() {
            let first = i * PAGES_PER_PART;
            let last = first + run.len() - 1;
            let touched = |c: &Changed| c.pages.iter().any(|n| (first..=last).contains(n));
            parts.push(self.part(Extent::Pages(first, last), touched, run)?);
        }
        let head = postcard::to_stdvec(&Head {
            language: self.language.clone(),
            meta_fields: self.meta_fields.clone(),
            page_parts: parts.len(),
        })?;
        let mut start = 0;
        for (i, word) in self.words.iter().enumerate() {
            if i + 1 < self.words.len() && !ends_part(&word.word) {
                continue;
            }
            let run = &self.words[start..=i];
            let (first, last) = (&run[0].word, &word.word);
            let touched = |c: &Changed| c.words.range(first.clone()..=last.clone()).next().is_some();
            let extent = Extent::Words(first.clone(), last.clone(), run.len());
            parts.push(self.part(extent, touched, run)?);
            start = i + 1;
        }
        Ok((head, parts))
    }

    /// A part holding `items`: the one read with that extent when nothing
    /// in it changed since, else its bytes.
    fn part<T: Serialize>(
        &self,
        extent: Extent,
        touched: impl Fn(&Changed) -> bool,
        items: &[T],
    ) -> Result<Part> {
        let same = self
            .changed
            .as_ref()
            .filter(|c| !touched(c))
            .and_then(|_| self.read.get(&extent));
        Ok(match same {
            Some(tag) => Part::Same(*tag),
            None => Part::New(postcard::to_stdvec(items)?),
        })
    }

    /// A kept index read back from the bytes of its head and of its parts
    /// (each with the tag the caller stored it under), as [`Kept::parts`]
    /// gave them; an error for bytes that are not such.
    pub fn from_parts(head: &[u8], parts: &[([u8; 32], &[u8])]) -> Result<Kept> {
        let head: Head = postcard::from_bytes(head)?;
        if head.page_parts > parts.len() {
            anyhow::bail!("a kept index has fewer parts than its head says");
        }
        let (page_parts, word_parts) = parts.split_at(head.page_parts);
        let mut read = HashMap::with_capacity(parts.len());
        let mut pages: Vec<PageSummary> = Vec::new();
        for (tag, bytes) in page_parts {
            let run: Vec<PageSummary> = postcard::from_bytes(bytes)?;
            if run.is_empty() {
                anyhow::bail!("a kept index has an empty part");
            }
            read.insert(Extent::Pages(pages.len(), pages.len() + run.len() - 1), *tag);
            pages.extend(run);
        }
        let mut words: Vec<WordEntry> = Vec::new();
        for (tag, bytes) in word_parts {
            let run: Vec<WordEntry> = postcard::from_bytes(bytes)?;
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                anyhow::bail!("a kept index has an empty part");
            };
            read.insert(
                Extent::Words(first.word.clone(), last.word.clone(), run.len()),
                *tag,
            );
            words.extend(run);
        }
        if !words.windows(2).all(|w| w[0].word < w[1].word) {
            anyhow::bail!("a kept index's words are out of order");
        }
        Ok(Kept {
            language: head.language,
            meta_fields: head.meta_fields,
            pages,
            words,
            read,
            changed: None,
        })
    }
}

/// The index of `kept` with `changed` (pages of it, parsed anew) in place
/// of their old versions, `replaced` (as they were parsed when the index
/// was made: the words they had are indexed again), and what to keep of
/// it; `None` where it cannot be made so (see the module's
/// documentation): build it whole then.
pub(crate) fn update(
    kept: Kept,
    changed: Vec<FossickedData>,
    replaced: Vec<FossickedData>,
    options: &SearchOptions,
) -> Result<Option<(PagefindIndexes, Kept)>> {
    let Kept {
        language,
        meta_fields,
        mut pages,
        words,
        read,
        ..
    } = kept;
    // What `assemble` slices of each page's hash (kept bytes are checked
    // by the caller's store; this keeps a wrong one from panicking).
    let shortest = language.len() + 9;
    if pages
        .iter()
        .any(|p| p.full_hash.len() < shortest || !p.full_hash.is_ascii())
    {
        return Ok(None);
    }
    let at: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(n, p)| (p.url.as_str(), n))
        .collect();
    let mut numbered = Vec::with_capacity(changed.len());
    for mut page in changed {
        let Some(&n) = at.get(page.url.as_str()) else {
            return Ok(None);
        };
        let old = &pages[n];
        if page.language != language
            || page.has_custom_body != old.has_custom_body
            || page.force_inclusion != old.force_inclusion
            || page.word_data.is_empty()
        {
            return Ok(None);
        }
        page.fragment.page_number = n;
        numbered.push((n, page));
    }
    numbered.sort_by_key(|(n, _)| *n);
    let numbers: HashSet<usize> = numbered.iter().map(|(n, _)| *n).collect();
    if numbers.len() != numbered.len() {
        return Ok(None);
    }
    // Every changed page as it was when the index was made.
    let mut before = Vec::with_capacity(replaced.len());
    for mut page in replaced {
        match at.get(page.url.as_str()) {
            Some(&n) if numbers.contains(&n) && !before.iter().any(|(m, _)| *m == n) => {
                page.fragment.page_number = n;
                before.push((n, page));
            }
            _ => return Ok(None),
        }
    }
    if before.len() != numbers.len() {
        return Ok(None);
    }
    drop(at);
    let mut fields: BTreeSet<&str> = BTreeSet::new();
    for (n, page) in pages.iter().enumerate() {
        if !numbers.contains(&n) {
            fields.extend(page.meta_keys.iter().map(String::as_str));
        }
    }
    for (_, page) in &numbered {
        fields.extend(page.fragment.data.meta.keys().map(String::as_str));
    }
    if !fields.iter().copied().eq(meta_fields.iter().map(String::as_str)) {
        return Ok(None);
    }
    drop(fields);

    // Each changed page's own words, as they were and as they are now.
    let Ok(was) = before
        .into_par_iter()
        .map(|(n, page)| process_page(page, &meta_fields, &language).map(|r| (n, r.word_map)))
        .collect::<Result<Vec<_>>>()
    else {
        return Ok(None);
    };
    let was: HashMap<usize, HashMap<String, PackedWord>> = was.into_iter().collect();
    let processed = numbered
        .into_par_iter()
        .map(|(n, page)| process_page(page, &meta_fields, &language).map(|r| (n, r)))
        .collect::<Result<Vec<_>>>()?;
    let mut fresh: Vec<(usize, HashMap<String, PackedWord>)> = Vec::with_capacity(processed.len());
    for (n, result) in processed {
        pages[n] = result.summary;
        fresh.push((n, result.word_map));
    }
    // The words a changed page holds otherwise than it did: only they are
    // made again (a word every changed page holds as before keeps its
    // bytes, those of an index of every page).
    let mut affected: BTreeSet<String> = BTreeSet::new();
    for (n, now) in &fresh {
        let Some(then) = was.get(n) else {
            return Ok(None);
        };
        let differs = |(word, packed): (&String, &PackedWord), other: &HashMap<String, PackedWord>| {
            (other.get(word) != Some(packed)).then(|| word.clone())
        };
        affected.extend(now.iter().filter_map(|w| differs(w, then)));
        affected.extend(then.iter().filter_map(|w| differs(w, now)));
    }

    // Each affected word: its old pages but the changed ones, and theirs.
    let updated = affected
        .par_iter()
        .map(|word| {
            // A kept word that does not decode: the index is made whole.
            let old = match words.binary_search_by(|e| e.word.as_str().cmp(word)) {
                Ok(i) => Some(words[i].decode()?),
                Err(_) => None,
            };
            let mine = fresh.iter().filter_map(|(n, m)| m.get(word).map(|w| (*n, w)));
            let word = word.clone();
            updated_word(word, old, mine, &numbers).map(|w| {
                (!w.pages.is_empty() || !w.additional_variants.is_empty()).then(|| WordEntry::of(w))
            })
        })
        .collect::<Vec<Option<Option<WordEntry>>>>();
    let Some(updated) = updated.into_iter().collect::<Option<Vec<_>>>() else {
        return Ok(None);
    };
    let mut words: Vec<WordEntry> = words
        .into_iter()
        .filter(|e| !affected.contains(&e.word))
        .chain(updated.into_iter().flatten())
        .collect();
    words.sort_unstable_by(|a, b| a.word.cmp(&b.word));

    let indexes = assemble(&language, &pages, &meta_fields, &words, options)?;
    Ok(Some((
        indexes,
        Kept {
            language,
            meta_fields,
            pages,
            words,
            read,
            changed: Some(Changed {
                pages: numbers,
                words: affected,
            }),
        },
    )))
}

/// `word` as it was in the index (`old`, its pages' numbers absolute)
/// with the pages numbered `changed` replaced by what those pages have of
/// it now (`mine`: each changed page that has it, in page order, with its
/// own word); `None` where the order of its diacritic variants cannot be
/// known without every page.
///
/// A word's variants are in the order the index first met them: by the
/// first page that has each, and on that page in the order the page lists
/// them. A variant whose first page is a changed one takes its place from
/// that page's list; one whose first page did not change keeps its place
/// among the others first met there, known from the old order only if
/// that page was already its first.
fn updated_word<'a>(
    word: String,
    old: Option<PackedWord>,
    mine: impl Iterator<Item = (usize, &'a PackedWord)>,
    changed: &HashSet<usize>,
) -> Option<PackedWord> {
    let mut packed = old.unwrap_or_else(|| PackedWord {
        word,
        pages: Vec::new(),
        additional_variants: Vec::new(),
    });
    let first = |v: &PackedVariant| v.pages.iter().map(|p| p.page_number).min();
    // Each old variant's first page and place.
    let was: HashMap<String, (Option<usize>, usize)> = packed
        .additional_variants
        .iter()
        .enumerate()
        .map(|(i, v)| (v.form.clone(), (first(v), i)))
        .collect();
    let on_changed = |p: &PackedPage| changed.contains(&p.page_number);
    packed.pages.retain(|p| !on_changed(p));
    for variant in &mut packed.additional_variants {
        variant.pages.retain(|p| !on_changed(p));
    }
    packed.additional_variants.retain(|v| !v.pages.is_empty());
    // Each variant's place on the changed page that lists it.
    let mut listed: HashMap<(usize, String), usize> = HashMap::new();
    for (n, own) in mine {
        packed.pages.extend(own.pages.iter().cloned());
        for (i, variant) in own.additional_variants.iter().enumerate() {
            listed.insert((n, variant.form.clone()), i);
            match packed
                .additional_variants
                .iter_mut()
                .find(|v| v.form == variant.form)
            {
                Some(v) => v.pages.extend(variant.pages.iter().cloned()),
                None => packed.additional_variants.push(variant.clone()),
            }
        }
    }
    let mut keyed = Vec::with_capacity(packed.additional_variants.len());
    for variant in std::mem::take(&mut packed.additional_variants) {
        let at = first(&variant)?;
        let place = if changed.contains(&at) {
            *listed.get(&(at, variant.form.clone()))?
        } else {
            // Its old place among those first met on page `at`.
            match was.get(&variant.form) {
                Some(&(Some(before), i)) if before == at => i,
                _ => usize::MAX,
            }
        };
        keyed.push(((at, place), variant));
    }
    keyed.sort_by_key(|(k, _)| *k);
    // A variant of unknown place shares its first page with another.
    for pair in keyed.windows(2) {
        let ((a, pa), (b, pb)) = (pair[0].0, pair[1].0);
        if a == b && (pa == usize::MAX || pb == usize::MAX) {
            return None;
        }
    }
    packed.additional_variants = keyed.into_iter().map(|(_, v)| v).collect();
    Some(packed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(pages: &[usize]) -> Vec<PackedPage> {
        pages
            .iter()
            .map(|&page_number| PackedPage {
                page_number,
                locs: vec![1],
                meta_locs: vec![],
            })
            .collect()
    }

    fn word(variants: &[(&str, &[usize])]) -> PackedWord {
        PackedWord {
            word: "eleve".into(),
            pages: on(&[0]),
            additional_variants: variants
                .iter()
                .map(|(form, pages)| PackedVariant {
                    form: form.to_string(),
                    pages: on(pages),
                })
                .collect(),
        }
    }

    fn forms(w: &PackedWord) -> Vec<&str> {
        w.additional_variants.iter().map(|v| v.form.as_str()).collect()
    }

    #[test]
    fn parts_read_back_and_an_update_makes_anew_only_the_parts_it_touched() {
        let pages: Vec<PageSummary> = (0..70)
            .map(|n| PageSummary {
                url: format!("/p{n}/"),
                full_hash: format!("en_{n:012}"),
                encoded_data: format!("{{\"n\":{n}}}"),
                word_count: 1,
                filters: vec![],
                sort: BTreeMap::new(),
                meta_keys: vec![],
                has_custom_body: false,
                force_inclusion: false,
            })
            .collect();
        let words: Vec<WordEntry> = (0..500)
            .map(|i| {
                WordEntry::of(PackedWord {
                    word: format!("w{i:04}"),
                    pages: on(&[i % 70]),
                    additional_variants: vec![],
                })
            })
            .collect();
        let kept = Kept::new("en".into(), vec![], pages, words);
        let (head, parts) = kept.parts().expect("parts");
        // An index made whole: every part is new.
        let stored: Vec<([u8; 32], Vec<u8>)> = parts
            .into_iter()
            .enumerate()
            .map(|(i, p)| match p {
                Part::New(bytes) => ([i as u8; 32], bytes),
                Part::Same(_) => panic!("a part of an index made whole is new"),
            })
            .collect();
        assert!(stored.len() > 4, "pages and words in several parts");
        let refs: Vec<([u8; 32], &[u8])> = stored.iter().map(|(t, b)| (*t, b.as_slice())).collect();
        let mut back = Kept::from_parts(&head, &refs).expect("reads back");
        assert_eq!((back.pages(), back.words.len()), (70, 500));
        // Page 3 and word w0100 changed: their parts are new, the others
        // the same parts, in the same order.
        back.changed = Some(Changed {
            pages: [3].into(),
            words: ["w0100".to_string()].into(),
        });
        let (head2, parts2) = back.parts().expect("parts");
        assert_eq!(head2, head);
        assert_eq!(parts2.len(), stored.len());
        let new: Vec<usize> = parts2
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match p {
                Part::New(bytes) => {
                    assert_eq!(bytes, &stored[i].1, "the same items give the same bytes");
                    Some(i)
                }
                Part::Same(tag) => {
                    assert_eq!(*tag, stored[i].0);
                    None
                }
            })
            .collect();
        assert_eq!(new.len(), 2, "{new:?}");
        assert_eq!(new[0], 0, "the first part of pages holds page 3");
        // Bytes that are not parts are refused, never a panic.
        assert!(Kept::from_parts(&head, &refs[..1]).is_err());
        assert!(Kept::from_parts(b"x", &refs).is_err());
    }

    #[test]
    fn variants_stay_in_the_order_of_their_first_page() {
        let changed: HashSet<usize> = [1].into();
        // Page 1 no longer has "élève": its first page is now 3, after
        // "élevé" (first on page 2).
        let old = word(&[("élève", &[1, 3]), ("élevé", &[2])]);
        let now = updated_word("eleve".into(), Some(old), std::iter::empty(), &changed);
        assert_eq!(forms(&now.expect("known order")), ["élevé", "élève"]);
        // Page 1 now lists "élevè" then "élève": both first met there.
        let old = word(&[("élève", &[1, 3]), ("élevé", &[2])]);
        let mine = word(&[("élevè", &[1]), ("élève", &[1])]);
        let now = updated_word("eleve".into(), Some(old), [(1, &mine)].into_iter(), &changed);
        assert_eq!(forms(&now.expect("known order")), ["élevè", "élève", "élevé"]);
    }

    #[test]
    fn an_unknown_order_of_variants_is_left_to_a_full_build() {
        let changed: HashSet<usize> = [1].into();
        // "élève" is now first met on page 3 with "élevé" and "élevè": its
        // place on page 3 is unknown.
        let old = word(&[("élève", &[1, 3]), ("élevé", &[3]), ("élevè", &[3])]);
        let now = updated_word("eleve".into(), Some(old), std::iter::empty(), &changed);
        assert!(now.is_none());
    }
}

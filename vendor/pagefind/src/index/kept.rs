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
//! only the words those pages had or have now are decoded, changed and
//! encoded again; the chunks, fragments, filters and meta index are then
//! made as in a full build ([`super::assemble`]).
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
#[derive(Serialize, Deserialize)]
pub struct Kept {
    language: String,
    meta_fields: Vec<String>,
    /// In page order.
    pages: Vec<PageSummary>,
    /// Sorted by word.
    words: Vec<WordEntry>,
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
        }
    }

    /// How many pages the index holds.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// The kept index as bytes, for [`Kept::from_bytes`] of the same
    /// Pagefind version.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        self.append_to(Vec::new())
    }

    /// [`Kept::to_bytes`] appended to `bytes`.
    pub fn append_to(&self, bytes: Vec<u8>) -> Result<Vec<u8>> {
        Ok(postcard::to_extend(self, bytes)?)
    }

    /// About how many bytes [`Kept::to_bytes`] makes (a little more than
    /// the words' and fragments' bytes), to write it without growing.
    pub fn size_hint(&self) -> usize {
        let words: usize = self
            .words
            .iter()
            .map(|w| w.word.len() + w.bytes.len() + 16)
            .sum();
        let pages: usize = self
            .pages
            .iter()
            .map(|p| p.url.len() + p.full_hash.len() + p.encoded_data.len() + 64)
            .sum();
        words + pages + 64
    }

    /// A kept index read back; an error for bytes that are not one.
    pub fn from_bytes(bytes: &[u8]) -> Result<Kept> {
        Ok(postcard::from_bytes(bytes)?)
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

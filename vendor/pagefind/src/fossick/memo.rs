//! ent-guide: the words to index for a word of a page's text, worked out
//! once per thread and language rather than at each of its occurrences.
//!
//! What a word is indexed as (normalised, stemmed, its compound parts, its
//! dotted tails and, in a segmented language, its pairs of clusters) depends
//! on the word, the language's stemmer, `include_characters` and whether the
//! word came out of the segmenter, nothing else; a guide's pages repeat a
//! few thousand words, and stemming every occurrence again was about a fifth
//! of a build's indexing time. The pair of clusters spanning two segments
//! depends on the word before too, so it is still worked out at each
//! occurrence.

use std::cell::RefCell;
use std::rc::Rc;

use hashbrown::HashMap;
use pagefind_stem::Stemmer;

use super::splitting::{
    get_dotted_tails, get_indexable_bigrams, get_indexable_words, IndexableWord,
};

/// Beyond this many words a thread forgets what it worked out and starts
/// again, so that text of unbounded vocabulary does not hold unbounded
/// memory (a guide in one language uses some tens of thousands).
const MAX_WORDS: usize = 1 << 17;

/// The words to index for one word, shared by its occurrences.
pub type Indexable = Rc<[IndexableWord]>;

/// What one thread worked out for the language it last indexed.
#[derive(Default)]
struct Memo {
    language: String,
    include_characters: Vec<char>,
    /// By the word, for words not from the segmenter and words from it.
    words: [HashMap<Box<str>, Indexable>; 2],
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// The words to index for `word` of a page in `language` (whose stemmer is
/// `stemmer`), as `get_indexable_words` with its dotted tails and, for a
/// `segmented` word, its bigrams would give them.
pub fn indexable_words(
    word: &str,
    segmented: bool,
    language: &str,
    stemmer: Option<&Stemmer>,
    include_characters: &[char],
) -> Indexable {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.language != language || memo.include_characters != include_characters {
            *memo = Memo {
                language: language.to_string(),
                include_characters: include_characters.to_vec(),
                ..Memo::default()
            };
        }
        let words = &mut memo.words[usize::from(segmented)];
        if let Some(found) = words.get(word) {
            return Rc::clone(found);
        }
        let made: Indexable = work_out(word, segmented, stemmer, include_characters).into();
        if words.len() >= MAX_WORDS {
            words.clear();
        }
        words.insert(word.into(), Rc::clone(&made));
        made
    })
}

/// The words to index for `word`, worked out.
fn work_out(
    word: &str,
    segmented: bool,
    stemmer: Option<&Stemmer>,
    include_characters: &[char],
) -> Vec<IndexableWord> {
    let mut words = get_indexable_words(word, stemmer, include_characters);
    let dotted_tails = get_dotted_tails(word, stemmer, include_characters, &words);
    words.extend(dotted_tails);
    if segmented {
        let bigrams = get_indexable_bigrams(word, stemmer, &words);
        words.extend(bigrams);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use pagefind_stem::Algorithm;

    #[test]
    fn a_word_is_indexed_as_when_worked_out_each_time() {
        let english = Stemmer::create(Algorithm::English);
        let french = Stemmer::create(Algorithm::French);
        for _ in 0..2 {
            for (word, language, stemmer) in [
                ("Running", "en", &english),
                ("sysconfig.is_python_build", "en", &english),
                ("e-mail", "en", &english),
                ("inscriptions", "fr", &french),
                ("Running", "fr", &french),
            ] {
                let memo = indexable_words(word, false, language, Some(stemmer), &[]);
                assert_eq!(&*memo, work_out(word, false, Some(stemmer), &[]).as_slice());
            }
        }
        // The same word in another language or with other characters
        // kept is worked out anew.
        let en = indexable_words("Running", false, "en", Some(&english), &[]);
        let fr = indexable_words("Running", false, "fr", Some(&french), &[]);
        assert_ne!(en[0].stemmed, fr[0].stemmed);
        let kept = indexable_words("c#", false, "en", Some(&english), &['#']);
        assert_eq!(kept[0].stemmed, "c#");
        let dropped = indexable_words("c#", false, "en", Some(&english), &[]);
        assert_eq!(dropped[0].stemmed, "c");
    }

    #[test]
    fn a_segmented_word_also_has_its_pairs_of_clusters() {
        let plain = indexable_words("学生证", false, "zh", None, &[]);
        let segmented = indexable_words("学生证", true, "zh", None, &[]);
        assert!(segmented.len() > plain.len());
        assert!(segmented.iter().any(|w| w.stemmed == "学生"));
        assert!(!plain.iter().any(|w| w.stemmed == "学生"));
    }
}

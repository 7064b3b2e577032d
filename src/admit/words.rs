//! Reading in words. A notice and an item share evidence only in whole words: "农村户厕" and
//! "农村户籍" share 农村, not 农村户. The segmenter is jieba (jieba-rs, the dictionary charabia
//! uses for Chinese) with the words the lists and the notices use that its dictionary lacks:
//! data/admit/words.txt, and every word of the matcher's own tables (synonyms, concepts, acts,
//! signals), so each of those is one word wherever it occurs.

use std::sync::OnceLock;

use jieba_rs::Jieba;

const WORDS: &str = include_str!("../../data/admit/words.txt");
/// jieba's dictionary without its rarest words (frequency under 10; data/admit/jieba.LICENSE):
/// a third of the words in a quarter of the memory (10 MB, not 35, in every session that reads
/// a notice), and the same answers on the test set.
const DICTIONARY: &str = include_str!("../../data/admit/jieba.txt");

/// Characters that begin a compound without changing what it names (村干部 is 干部 of a village).
const PREFIXES: &str = "村镇县乡各本小大新老总";
/// Characters that end one: 养犬人 is about 养犬, 管理局 about 管理.
const SUFFIXES: &str = "人员户者局站所点区证费率化性类场处室队";

/// Lines of a one-word-a-line file, without comments and blanks.
pub fn listed(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
}

pub struct Segmenter {
    jieba: Jieba,
}

impl Segmenter {
    /// jieba's dictionary with `words` added (each of two characters or more).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Segmenter {
        let mut jieba = Jieba::empty();
        // The dictionary is ours, checked by a test: it cannot fail to load.
        if jieba
            .load_dict(&mut std::io::BufReader::new(DICTIONARY.as_bytes()))
            .is_err()
        {
            jieba = Jieba::empty();
        }
        for word in listed(WORDS).chain(words) {
            if word.chars().count() >= 2 && !jieba.has_word(word) {
                jieba.add_word(word, None, None);
            }
        }
        Segmenter { jieba }
    }

    /// The one segmenter of the process: jieba's dictionary takes about 60 ms and 10 MB to
    /// load, so every town's matcher shares it, and it is built on the first notice read.
    pub fn shared() -> &'static Segmenter {
        static SHARED: OnceLock<Segmenter> = OnceLock::new();
        SHARED.get_or_init(|| {
            let lexicon = super::Lexicon::builtin();
            Segmenter::new(lexicon.words().iter().map(String::as_str))
        })
    }

    /// For each position between characters of `text` (one more than its characters), whether
    /// a word starts or ends there. A compound splits where it is made of whole words (执法检查:
    /// 执法|检查; 养犬人: 养犬|人), so a shorter word of the list still matches inside it; a word
    /// that only happens to contain one (村户 in 农村户厕) does not split.
    pub fn edges(&self, text: &str) -> Vec<bool> {
        let count = text.chars().count();
        let mut edges = vec![false; count + 1];
        edges[0] = true;
        edges[count] = true;
        let mut before = 0;
        for piece in pieces(text) {
            for token in self.jieba.cut(piece, false) {
                let (start, end) = (before + token.start, before + token.end);
                edges[start] = true;
                edges[end] = true;
                if token.end - token.start >= 3 {
                    for at in self.parts(token.word) {
                        edges[start + at] = true;
                    }
                }
            }
            before += piece.chars().count();
        }
        edges
    }

    /// Where a compound splits into dictionary words (each of two characters or more, or an
    /// affix such as 村 or 人 at its ends), in as few parts as can be; none if it does not.
    fn parts(&self, word: &str) -> Vec<usize> {
        let chars: Vec<char> = word.chars().collect();
        let n = chars.len();
        let piece = |from: usize, to: usize| -> bool {
            if to - from == n {
                return false;
            }
            if to - from == 1 {
                let c = chars[from];
                return (from == 0 && PREFIXES.contains(c)) || (to == n && SUFFIXES.contains(c));
            }
            let text: String = chars[from..to].iter().collect();
            self.jieba.has_word(&text)
        };
        // best[i]: the fewest parts covering the first i characters, and where the last began.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for to in 1..=n {
            for from in 0..to {
                let Some((parts, _)) = best[from] else {
                    continue;
                };
                if piece(from, to) && best[to].is_none_or(|(p, _)| parts + 1 < p) {
                    best[to] = Some((parts + 1, from));
                }
            }
        }
        let mut cuts = Vec::new();
        let mut at = n;
        while at > 0 {
            let Some((_, from)) = best[at] else {
                return Vec::new();
            };
            if from > 0 {
                cuts.push(from);
            }
            at = from;
        }
        cuts
    }

    /// Whether `phrase` is only words that name nothing: adverbs, conjunctions, prepositions,
    /// pronouns, particles, numerals and measures by jieba's tags (已经, 及时, 并且, 其中).
    pub fn names_nothing(&self, phrase: &str) -> bool {
        const FUNCTION: [&str; 10] = ["d", "c", "p", "r", "u", "e", "y", "o", "q", "m"];
        let tags = self.jieba.tag(phrase, false);
        !tags.is_empty()
            && tags
                .iter()
                .all(|t| FUNCTION.iter().any(|f| t.tag.starts_with(f)) || t.word.trim().is_empty())
    }

    /// The words of `text`, in order (jieba's ordinary mode).
    pub fn words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, false)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }
}

/// About this many bytes of text are segmented at a time.
const PIECE: usize = 16 * 1024;

/// `text` in pieces of about `PIECE` bytes, each ending after a punctuation mark or a line
/// break: jieba never joins those to a word, so the words are the same, and its 32 bytes a
/// word are held for a piece, not for a whole long notice.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut from = PIECE.min(rest.len());
        while !rest.is_char_boundary(from) {
            from += 1;
        }
        let end = rest[from..]
            .find(['，', '。', '；', '！', '？', '、', '\n'])
            .map_or(rest.len(), |at| {
                let at = from + at;
                at + rest[at..].chars().next().map_or(0, char::len_utf8)
            });
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(piece)
    })
}

/// Marks the edges of every occurrence of `word` in `chars` (a name the dictionary cannot
/// know, such as a county's department).
pub fn mark_word(chars: &[char], edges: &mut [bool], word: &[char]) {
    if word.is_empty() || word.len() > chars.len() {
        return;
    }
    for start in 0..=chars.len() - word.len() {
        if chars[start..start + word.len()] == *word {
            edges[start] = true;
            edges[start + word.len()] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<String> {
        let edges = Segmenter::shared().edges(text);
        let chars: Vec<char> = text.chars().collect();
        let mut words = Vec::new();
        let mut start = 0;
        for (i, &edge) in edges.iter().enumerate().skip(1) {
            if edge {
                words.push(chars[start..i].iter().collect());
                start = i;
            }
        }
        words
    }

    #[test]
    fn the_lists_own_words_are_one_word() {
        assert_eq!(cut("农村户厕"), ["农村", "户厕"]);
        assert!(cut("落实河长制").contains(&"河长制".to_string()));
        assert!(cut("秸秆禁烧").contains(&"禁烧".to_string()));
        assert!(cut("犬只登记").contains(&"犬只".to_string()));
    }

    #[test]
    fn words_inside_a_compound_have_edges() {
        let edges = Segmenter::shared().edges("开展执法检查");
        // 开展|执法|检查, and 执法检查 whole.
        assert_eq!(edges, [true, false, true, false, true, false, true]);
        assert_eq!(cut("养犬人"), ["养犬", "人"]);
        // 村户 is a word, but 农村户厕 is 农村 and 户厕.
        assert_eq!(cut("农村户厕"), ["农村", "户厕"]);
    }

    #[test]
    fn a_long_text_is_segmented_in_pieces_as_it_would_be_whole() {
        let notice = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/admit/notices/22-flood-multi.txt"
        ))
        .unwrap();
        let long = notice.repeat(2 * PIECE / notice.len() + 2);
        let segmenter = Segmenter::shared();
        let mut whole = vec![false; long.chars().count() + 1];
        for token in segmenter.jieba.cut(&long, false) {
            whole[token.start] = true;
            whole[token.end] = true;
            if token.end - token.start >= 3 {
                for at in segmenter.parts(token.word) {
                    whole[token.start + at] = true;
                }
            }
        }
        assert!(pieces(&long).count() >= 2);
        assert_eq!(pieces(&long).collect::<String>(), long);
        assert_eq!(segmenter.edges(&long), whole);
    }

    #[test]
    fn function_words_name_nothing() {
        let segmenter = Segmenter::shared();
        assert!(segmenter.names_nothing("已经"));
        assert!(segmenter.names_nothing("及时"));
        assert!(!segmenter.names_nothing("立即制止"));
        assert!(!segmenter.names_nothing("秸秆"));
    }

    #[test]
    fn the_dictionary_loads() {
        let mut jieba = Jieba::empty();
        jieba
            .load_dict(&mut std::io::BufReader::new(DICTIONARY.as_bytes()))
            .expect("data/admit/jieba.txt");
        assert!(jieba.has_word("农村"));
    }

    #[test]
    fn the_word_list_reads_whole() {
        let words: Vec<&str> = listed(WORDS).collect();
        assert!(words.len() > 150, "{}", words.len());
        assert!(words.iter().all(|w| w.chars().count() >= 2), "{words:?}");
    }
}

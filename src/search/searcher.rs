//! The search as a query is typed: the last matches are reused while the query only grows.

use super::{Engine, Hit, Matched, Query, Test};

/// Runs queries as they are typed, reusing the last result while the query only grows.
#[derive(Default)]
pub struct Searcher {
    last: Option<(Query, Matched)>,
}

impl Searcher {
    /// Forgets the last matches, so the next search starts afresh (after verdicts change).
    pub fn reset(&mut self) {
        self.last = None;
    }

    pub fn search(&mut self, engine: &Engine, query: &Query) -> Vec<Hit> {
        let before = self
            .last
            .as_ref()
            .filter(|(last, _)| narrows(last, query))
            .map(|(last, matched)| {
                // Field classes carry over only while one term grows.
                let same_shape = last.clauses.len() == query.clauses.len();
                Matched {
                    set: matched.set.clone(),
                    classes: matched.classes.clone().filter(|_| same_shape),
                }
            });
        let (hits, matched) = engine.search_within(query, before.as_ref());
        self.last = Some((query.clone(), matched));
        hits
    }
}

/// True if every item matching `next` also matches `last`: `next` keeps all of `last`'s
/// clauses, with at most the last one's term grown, and may add more.
fn narrows(last: &Query, next: &Query) -> bool {
    let n = last.clauses.len();
    if n == 0 || next.clauses.len() < n || last.clauses[..n - 1] != next.clauses[..n - 1] {
        return false;
    }
    let (old, new) = (&last.clauses[n - 1], &next.clauses[n - 1]);
    if old == new {
        return true;
    }
    let grown = |a: &str, b: &str| b.starts_with(a);
    match (old.as_slice(), new.as_slice()) {
        ([a], [b]) if !a.negated && !b.negated => match (&a.test, &b.test) {
            (Test::Fuzzy(x), Test::Fuzzy(y))
            | (Test::Exact(x), Test::Exact(y))
            | (Test::TitleStarts(x), Test::TitleStarts(y))
            | (Test::Department(x), Test::Department(y))
            | (Test::Category(x), Test::Category(y)) => grown(x, y),
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growing_the_last_term_or_adding_terms_narrows() {
        let q = |s: &str| Query::parse(s).unwrap();
        assert!(narrows(&q("安全"), &q("安全检")));
        assert!(narrows(&q("安全"), &q("安全 检查")));
        assert!(!narrows(&q("安全"), &q("安")));
        assert!(!narrows(&q("安全"), &q("!安全")));
        assert!(!narrows(&q("安全 | 消防"), &q("安全 | 消防站")));
        assert!(!narrows(&q(""), &q("安")));
    }
}

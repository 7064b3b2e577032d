//! The query language (fzf users will recognise it), parsed into clauses of alternatives.
//!
//! `a b` both; `a | b` either; `'a` exact substring; `!a` must not match; `^a` title starts with;
//! `部门:a` / `dept:a`, `类别:a` / `cat:a`, `清单:基本` / `list:basic`, `状态:…` / `status:…`.
//! Full-width letters, digits and punctuation are read as their ASCII forms, so a query typed
//! through a Chinese input method (`部门：残联`, `ｙｊｇｌ`) means the same.

use std::fmt;

use crate::model::{ListKind, Status};

use super::normalize::normalize_str;

/// What an atom tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// Contiguous, then within a small window, then pinyin: the default.
    Fuzzy(String),
    /// `'词`: a contiguous substring of any field.
    Exact(String),
    /// `^词`: the title starts with it (characters or pinyin).
    TitleStarts(String),
    /// `部门:词`: a department (canonical name or alias) matches it.
    Department(String),
    /// `类别:词`: the category matches it.
    Category(String),
    /// `清单:基本`: the item is in that list.
    List(ListKind),
    /// `状态:有异议`: the item's review verdict is this (`None`: 未审, no verdict).
    Status(Option<Status>),
    /// `状态:草稿`: a note was being written and not saved (a dropped link, Esc).
    Draft,
}

/// One test, possibly negated (`!`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    pub negated: bool,
    pub test: Test,
}

/// A query: every clause must hold; a clause holds if any of its atoms does.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub clauses: Vec<Vec<Atom>>,
}

impl Query {
    /// Whether the query asks about review verdicts (its results change when they do).
    pub fn has_status(&self) -> bool {
        self.clauses
            .iter()
            .flatten()
            .any(|atom| matches!(atom.test, Test::Status(_) | Test::Draft))
    }
}

/// The longest query, in characters: room for a whole title pasted from a notice, and a bound
/// on what one search may cost (a pasted page would otherwise freeze the app).
pub const MAX_QUERY_CHARS: usize = 200;

/// A query that cannot be run, with the character column (1-based) of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 个字处：{}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

/// Field scopes, by the names staff may type.
const SCOPES: &[(&str, Scope)] = &[
    ("部门", Scope::Department),
    ("dept", Scope::Department),
    ("类别", Scope::Category),
    ("cat", Scope::Category),
    ("清单", Scope::List),
    ("list", Scope::List),
    ("状态", Scope::Status),
    ("status", Scope::Status),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Department,
    Category,
    List,
    Status,
}

/// A field a picker narrows the lists to (d, c).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeField {
    Department,
    Category,
}

/// A scope as a picker chooses it: the field and the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeTerm {
    pub field: ScopeField,
    pub name: String,
}

impl ScopeTerm {
    /// The word that asks for it in a query: `部门:玛纳斯县水利局`.
    pub fn word(&self) -> String {
        let field = match self.field {
            ScopeField::Department => "部门",
            ScopeField::Category => "类别",
        };
        format!("{field}:{}", self.name)
    }

    /// `text` with this scope in place of any word that scopes the same field (as the query
    /// reads its words: `部门:`, `dept:`, full-width colons, negated or not), the other words
    /// kept as typed.
    pub fn replace_in(&self, text: &str) -> String {
        let field = match self.field {
            ScopeField::Department => Scope::Department,
            ScopeField::Category => Scope::Category,
        };
        let same_field = |word: &str| {
            let word = normalize_str(word);
            let rest = word.strip_prefix('!').unwrap_or(&word);
            split_scope(rest).is_some_and(|(scope, _)| scope == field)
        };
        let mut words: Vec<String> = text
            .split_whitespace()
            .filter(|w| !same_field(w))
            .map(str::to_string)
            .collect();
        words.push(self.word());
        words.join(" ")
    }
}

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        if input.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError {
                column: MAX_QUERY_CHARS + 1,
                message: format!("查询太长：最多 {MAX_QUERY_CHARS} 个字"),
            });
        }
        let normalised = normalize_str(input);
        let mut clauses: Vec<Vec<Atom>> = Vec::new();
        let mut join_next = false;
        let mut column = 1;
        for word in normalised.split(' ') {
            let start = column;
            column += word.chars().count() + 1;
            if word.is_empty() {
                continue;
            }
            if word == "|" {
                if clauses.is_empty() || join_next {
                    return Err(QueryError {
                        column: start,
                        message: "「|」两边都要有词，如 犬 | 狗".into(),
                    });
                }
                join_next = true;
                continue;
            }
            let atom = parse_atom(word, start)?;
            match (join_next, clauses.last_mut()) {
                (true, Some(alternatives)) => alternatives.push(atom),
                _ => clauses.push(vec![atom]),
            }
            join_next = false;
        }
        if join_next {
            return Err(QueryError {
                column: normalised.trim_end().chars().count() + 1,
                message: "「|」后面少了一个词".into(),
            });
        }
        Ok(Query { clauses })
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

fn parse_atom(word: &str, column: usize) -> Result<Atom, QueryError> {
    let (negated, rest) = match word.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    let missing = |what: &str| QueryError {
        column,
        message: format!("「{word}」{what}后面少了要找的词"),
    };
    let test = if let Some(term) = rest.strip_prefix('\'') {
        if term.is_empty() {
            return Err(missing("'"));
        }
        Test::Exact(term.to_string())
    } else if let Some(term) = rest.strip_prefix('^') {
        if term.is_empty() {
            return Err(missing("^"));
        }
        Test::TitleStarts(term.to_string())
    } else if let Some((scope, term)) = split_scope(rest) {
        if term.is_empty() {
            return Err(missing(":"));
        }
        match scope {
            Scope::Department => Test::Department(term.to_string()),
            Scope::Category => Test::Category(term.to_string()),
            Scope::Status if is_draft(term) => Test::Draft,
            Scope::Status => Test::Status(parse_status(term).ok_or_else(|| QueryError {
                column,
                message: format!("「{term}」不是审核状态：应为 {}、草稿", Status::EXPECTED),
            })?),
            Scope::List => Test::List(ListKind::parse(term).ok_or_else(|| QueryError {
                column,
                message: format!(
                    "「{term}」不是清单名：应为 基本、配合、收回 或 basic、coop、recalled"
                ),
            })?),
        }
    } else if rest.is_empty() {
        return Err(missing("!"));
    } else if negated {
        // fzf reads !word as "does not contain word exactly".
        Test::Exact(rest.to_string())
    } else {
        Test::Fuzzy(rest.to_string())
    };
    Ok(Atom { negated, test })
}

fn split_scope(word: &str) -> Option<(Scope, &str)> {
    let (name, term) = word.split_once(':')?;
    SCOPES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, scope)| (scope, term))
}

/// `草稿` or `draft`, or a start of them no verdict shares (`草`, `dr`).
fn is_draft(term: &str) -> bool {
    ["草稿", "draft"]
        .iter()
        .any(|name| name.starts_with(term) || term.eq_ignore_ascii_case(name))
        && parse_status(term).is_none()
}

/// A verdict by name, or by a prefix only one name has (`状态:有` while typing 有异议).
fn parse_status(term: &str) -> Option<Option<Status>> {
    if let Some(status) = Status::parse(term) {
        return Some(status);
    }
    let names = Status::ALL
        .into_iter()
        .flat_map(|s| [(s.label(), Some(s)), (s.key(), Some(s))])
        .chain([("未审", None), ("none", None)]);
    let mut found = names
        .filter(|(name, _)| name.starts_with(term))
        .map(|(_, s)| s);
    let first = found.next()?;
    found.all(|s| s == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(negated: bool, test: Test) -> Atom {
        Atom { negated, test }
    }

    fn fuzzy(s: &str) -> Test {
        Test::Fuzzy(s.into())
    }

    #[test]
    fn terms_separated_by_spaces_must_all_match() {
        let q = Query::parse(" 应急  消防 ").unwrap();
        assert_eq!(
            q.clauses,
            vec![
                vec![atom(false, fuzzy("应急"))],
                vec![atom(false, fuzzy("消防"))]
            ]
        );
    }

    #[test]
    fn a_bar_joins_alternatives() {
        let q = Query::parse("犬 | 狗 检疫").unwrap();
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(
            q.clauses[0],
            vec![atom(false, fuzzy("犬")), atom(false, fuzzy("狗"))]
        );
        assert!(Query::parse("| 犬").is_err());
        assert_eq!(Query::parse("犬 |").unwrap_err().column, 4);
        assert!(Query::parse("犬 | | 狗").is_err());
    }

    #[test]
    fn exact_negated_and_title_prefix() {
        assert_eq!(
            Query::parse("'安全检查").unwrap().clauses[0][0],
            atom(false, Test::Exact("安全检查".into()))
        );
        assert_eq!(
            Query::parse("!处罚").unwrap().clauses[0][0],
            atom(true, Test::Exact("处罚".into()))
        );
        assert_eq!(
            Query::parse("^对").unwrap().clauses[0][0],
            atom(false, Test::TitleStarts("对".into()))
        );
        assert_eq!(
            Query::parse("!^对").unwrap().clauses[0][0],
            atom(true, Test::TitleStarts("对".into()))
        );
        for bad in ["'", "!", "^", "!'"] {
            assert!(Query::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn field_scopes_in_chinese_and_english() {
        let scope = |q: &str| Query::parse(q).unwrap().clauses[0][0].test.clone();
        assert_eq!(scope("部门:残联"), Test::Department("残联".into()));
        assert_eq!(scope("dept:水利"), Test::Department("水利".into()));
        assert_eq!(scope("类别:党的建设"), Test::Category("党的建设".into()));
        assert_eq!(scope("cat:民生"), Test::Category("民生".into()));
        assert_eq!(scope("清单:收回"), Test::List(ListKind::Recalled));
        assert_eq!(scope("list:coop"), Test::List(ListKind::Coop));
        assert_eq!(scope("状态:有异议"), Test::Status(Some(Status::Dispute)));
        assert_eq!(scope("status:dispute"), Test::Status(Some(Status::Dispute)));
        assert_eq!(
            scope("状态:有"),
            Test::Status(Some(Status::Dispute)),
            "a prefix"
        );
        assert_eq!(scope("status:ag"), Test::Status(Some(Status::Agree)));
        assert_eq!(scope("状态:未审"), Test::Status(None));
        assert!(Query::parse("status:c").is_err(), "change or check");
        assert!(Query::parse("状态:好").is_err());
        assert!(Query::parse("清单:其他").is_err());
        assert!(Query::parse("部门:").is_err());
        assert_eq!(
            scope("其他:词"),
            fuzzy("其他:词"),
            "unknown scopes are plain words"
        );
    }

    #[test]
    fn full_width_input_means_the_same() {
        assert_eq!(Query::parse("部门：残联"), Query::parse("部门:残联"));
        assert_eq!(Query::parse("ＹＪＧＬ"), Query::parse("yjgl"));
        assert_eq!(
            Query::parse("！处罚　｜　＾对"),
            Query::parse("!处罚 | ^对")
        );
        assert_eq!(Query::parse("（一）"), Query::parse("(一)"));
    }

    #[test]
    fn a_chosen_scope_replaces_the_words_that_scope_its_field() {
        let water = ScopeTerm {
            field: ScopeField::Department,
            name: "玛纳斯县水利局".into(),
        };
        assert_eq!(
            water.replace_in("犬 部门:残联 !dept:农业 类别:民生服务 部门：公安"),
            "犬 类别:民生服务 部门:玛纳斯县水利局"
        );
        let category = ScopeTerm {
            field: ScopeField::Category,
            name: "民生服务".into(),
        };
        assert_eq!(
            category.replace_in("cat:x 部门:残联"),
            "部门:残联 类别:民生服务"
        );
        assert_eq!(category.replace_in(""), "类别:民生服务");
    }
}

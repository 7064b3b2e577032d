//! `lvzhi search`: the TUI's search engine from the shell, as text lines or JSON.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::cli::context::Context;
use crate::cli::output::emit;
use crate::error::{Error, Result};
use crate::inert;
use crate::model::ListKind;
use crate::review::{Review, Reviews};
use crate::search::{Atom, Engine, Field, Query, Side, Test};
use crate::towns::Towns;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// 查询，如 犬、yjgl、"部门:水利 !处罚"
    #[arg(value_name = "查询")]
    pub query: String,
    /// 只查一个清单：basic|coop|recalled（或 基本|配合|收回）
    #[arg(long, value_parser = crate::cli::values::parse_list, add = crate::cli::complete::lists(), value_name = "清单")]
    pub list: Option<ListKind>,
    /// 最多列出几项（0 为不限）
    #[arg(long, default_value_t = 20, value_parser = crate::cli::values::parse_limit, value_name = "项数")]
    pub limit: usize,
    /// 输出 JSON 数组：{id, list, no, title, departments, score, positions}
    #[arg(long)]
    pub json: bool,
}

/// Exit 1 when nothing matched, as grep does.
pub fn exec(ctx: &Context, given: &SearchArgs) -> Result<i32> {
    let opened = ctx.searchable()?;
    let (towns, engine) = (&opened.towns, opened.engine);
    // Only a query about verdicts needs (and opens) the review file.
    let asks_status = Query::parse(&given.query).is_ok_and(|q| q.has_status());
    let reviews = if asks_status {
        ctx.existing_reviews_of(towns.heads(), &opened.identities)?
    } else {
        Vec::new()
    };
    let color = !given.json && std::io::stdout().is_terminal() && ctx.color;
    let (text, found) = run(
        towns,
        engine,
        &reviews,
        &given.query,
        given.list,
        given.limit,
        given.json,
        color,
    )?;
    emit(&text).map(|()| if found { 0 } else { 1 })
}

/// One hit as `--json` prints it.
#[derive(Serialize)]
struct JsonHit<'a> {
    /// Only when several towns are loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    town: Option<&'a str>,
    id: &'a str,
    list: ListKind,
    no: u32,
    title: &'a str,
    departments: &'a [String],
    score: i32,
    positions: Vec<JsonPositions>,
}

/// The matched characters (indices in characters) of one field.
#[derive(Serialize)]
struct JsonPositions {
    field: String,
    chars: Vec<usize>,
}

/// A field's name in JSON: title, category, departments/0, upper/1/heading, town/0/2.
fn field_name(field: Field) -> String {
    let side = |s: Side| match s {
        Side::Upper => "upper",
        Side::Town => "town",
    };
    match field {
        Field::Title => "title".into(),
        Field::Category => "category".into(),
        Field::Department(i) => format!("departments/{i}"),
        Field::Heading(s, i) => format!("{}/{i}/heading", side(s)),
        Field::Step(s, i, j) => format!("{}/{i}/{j}", side(s)),
    }
}

/// `reviews` (one per town) answer `状态:` in the query; with several towns each line starts
/// with the town.
#[allow(clippy::too_many_arguments)]
fn run(
    towns: &Towns,
    mut engine: Engine,
    reviews: &[Reviews],
    input: &str,
    list: Option<ListKind>,
    limit: usize,
    json: bool,
    color: bool,
) -> Result<(String, bool)> {
    let query_error = |problem: crate::search::QueryError| Error::Query {
        // A long query is quoted by its start: the column in the message says where.
        query: match input.char_indices().nth(40) {
            Some((cut, _)) => format!("{}…", &input[..cut]),
            None => input.to_string(),
        },
        problem: problem.to_string(),
    };
    let mut query = Query::parse(input).map_err(query_error)?;
    if let Some(list) = list {
        query.clauses.push(vec![Atom {
            negated: false,
            test: Test::List(list),
        }]);
    }
    engine.set_reviews(Review::search_marks(towns, reviews));
    let town_of = |i: usize| towns.several().then(|| towns.head_of(i).town.as_str());
    let mut hits = engine.search(&query);
    let found = !hits.is_empty();
    if !found {
        // As grep does: nothing found is exit 1, said on stderr, with what the user may have meant.
        let suggestions = crate::search::suggest::Suggester::new(towns.items()).suggest(input, 3);
        let mut message = format!("没有匹配「{}」的事项", crate::inert::line(input));
        if !suggestions.is_empty() {
            let names: Vec<String> = suggestions
                .iter()
                .map(|s| format!("lvzhi search '{}'", crate::inert::line(&s.query)))
                .collect();
            message.push_str(&format!("；你是不是要找：{}", names.join("、")));
        }
        let _ = writeln!(std::io::stderr(), "{message}");
    }
    if limit > 0 {
        hits.truncate(limit);
    }
    if json {
        let items: Vec<_> = hits.iter().map(|hit| towns.item(hit.item)).collect();
        let out: Vec<JsonHit> = hits
            .iter()
            .zip(&items)
            .map(|(hit, item)| {
                let highlights = engine.highlights(hit.item, &query);
                JsonHit {
                    town: town_of(hit.item),
                    id: &item.id,
                    list: item.list,
                    no: item.no,
                    title: &item.title,
                    departments: &item.departments,
                    score: hit.score,
                    positions: highlights
                        .fields
                        .into_iter()
                        .map(|(field, chars)| JsonPositions {
                            field: field_name(field),
                            chars,
                        })
                        .collect(),
                }
            })
            .collect();
        let mut text = crate::inert::json_pretty(&out);
        text.push('\n');
        return Ok((text, found));
    }
    let mut text = String::new();
    for hit in &hits {
        let item = towns.item(hit.item);
        let title = if color {
            let positions = engine.highlights(hit.item, &query);
            paint(&item.title, positions.positions(Field::Title))
        } else {
            inert::line(&item.title).into_owned()
        };
        if let Some(town) = town_of(hit.item) {
            text.push_str(&inert::line(town));
            text.push('\t');
        }
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            item.list.badge(),
            item.id,
            title,
            inert::line(&item.departments.join("、"))
        ));
    }
    Ok((text, found))
}

/// Matched characters in bold red, for a terminal; the text's own controls shown inertly.
fn paint(text: &str, positions: &[usize]) -> String {
    inert::paint_at(text, positions, inert::sgr::MATCH)
}

//! Relevance on the real data: what staff type, and the item they mean on the first line(s).

mod common;

use std::sync::OnceLock;

use common::{lvzhi, stderr, stdout};
use lvzhi::search::{Engine, Query, ReviewMark};
use lvzhi::{Dataset, ListKind};

fn data() -> &'static (Dataset, Engine) {
    static DATA: OnceLock<(Dataset, Engine)> = OnceLock::new();
    DATA.get_or_init(|| {
        let dataset = Dataset::embedded().unwrap();
        let engine = Engine::new(&dataset);
        (dataset, engine)
    })
}

/// The ids of every hit, best first.
fn ids(query: &str) -> Vec<&'static str> {
    let (dataset, engine) = data();
    let query = Query::parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    engine
        .search(&query)
        .iter()
        .map(|h| dataset.items[h.item].id.as_str())
        .collect()
}

fn item(id: &str) -> &'static lvzhi::Item {
    data().0.find(id).unwrap()
}

/// The first hits are exactly these, in any order.
fn assert_top(query: &str, expected: &[&str]) {
    let found = ids(query);
    let mut top: Vec<&str> = found.iter().take(expected.len()).copied().collect();
    let mut want = expected.to_vec();
    top.sort_unstable();
    want.sort_unstable();
    assert_eq!(top, want, "{query}: got {found:?}");
}

/// The first hit is this item.
fn assert_first(query: &str, first: &str) {
    let found = ids(query);
    assert_eq!(found.first().copied(), Some(first), "{query}: {found:?}");
}

// ---- Chinese, as typed ----

#[test]
fn dogs_show_the_basic_duty_and_the_cooperative_item_first() {
    assert_top("犬", &["basic-44", "coop-19"]);
    assert_eq!(
        ids("犬")[0],
        "coop-19",
        "the short title that is about dogs first"
    );
    assert_eq!(ids("养犬")[0], "coop-19");
}

#[test]
fn old_age_allowance_shows_the_cooperative_and_the_recalled_item_together() {
    assert_top("高龄津贴", &["coop-16", "recalled-2"]);
}

#[test]
fn a_word_in_one_title_finds_that_item_first() {
    for (query, first) in [
        ("宅基地", "basic-85"),
        ("退役军人", "basic-69"),
        ("河长制", "basic-79"),
        ("林长制", "basic-76"),
        ("低保", "basic-29"),
        ("禁毒", "basic-41"),
        ("疫苗", "coop-79"),
        ("收养", "recalled-4"),
        ("婚姻", "recalled-1"),
        ("秸秆", "coop-61"),
        ("国家统计局", "coop-13"),
        ("就业", "recalled-17"),
    ] {
        assert_first(query, first);
    }
}

#[test]
fn food_safety_lists_its_three_items_first() {
    assert_top("食品安全", &["basic-102", "coop-92", "coop-93"]);
}

#[test]
fn characters_a_window_apart_match_but_scattered_ones_do_not() {
    // 安全监督检查: 安全…检查 two characters apart still counts.
    assert!(ids("安全检查").contains(&"coop-84"));
    let total = data().0.items.len();
    for scattered in ["县工作", "镇管理", "部门工作"] {
        let n = ids(scattered).len();
        assert!(n <= total / 10, "{scattered} floods: {n} of {total}");
    }
}

// ---- pinyin ----

#[test]
fn pinyin_initials_find_the_words() {
    for (query, first) in [
        ("yjgl", "basic-101"),
        ("hzz", "basic-79"),
        ("lzz", "basic-76"),
        ("ylbx", "basic-66"),
        ("tdcb", "basic-48"),
        ("shjz", "basic-30"),
        ("mzt", "basic-61"),
        ("lnr", "coop-16"),
    ] {
        assert_first(query, first);
    }
}

#[test]
fn full_pinyin_and_a_mix_of_full_and_initials() {
    assert_top("xiaofang", &["coop-84", "coop-85"]);
    assert_eq!(ids("hunyin").first().copied(), Some("recalled-1"));
    assert_eq!(ids("jiuye").first().copied(), Some("recalled-17"));
    assert_eq!(ids("xfaq")[..2], ids("xiaofanganquan")[..2]);
    assert_eq!(ids("yingjiguanli")[0], ids("yjgl")[0]);
}

#[test]
fn polyphonic_characters_match_by_every_reading() {
    // 长 reads chang first; in 河长制 it is zhang.
    assert_eq!(ids("hezhangzhi").first().copied(), Some("basic-79"));
    assert!(ids("hechangzhi").is_empty() || ids("hechangzhi")[0] == "basic-79");
}

// ---- the query language ----

#[test]
fn exact_terms_are_contiguous() {
    let exact = ids("'安全检查");
    assert_eq!(exact, ["coop-21"]);
    assert!(ids("安全检查").len() > exact.len());
}

#[test]
fn negation_removes_items() {
    let water = ids("水利");
    let without = ids("!处罚 水利");
    assert!(!without.is_empty() && without.len() < water.len());
    for id in without {
        let text = serde_json::to_string(item(id)).unwrap();
        assert!(!text.contains("处罚"), "{id} mentions 处罚");
    }
}

#[test]
fn either_of_two_terms() {
    let found = ids("秸秆 | 垃圾");
    for id in ["coop-61", "coop-65"] {
        assert!(found[..3].contains(&id), "{found:?}");
    }
    assert_eq!(found.len(), ids("秸秆").len() + ids("垃圾").len());
}

#[test]
fn title_starts_with() {
    let found = ids("^对 物业");
    assert!(!found.is_empty());
    for id in &found {
        assert!(
            item(id).title.starts_with('对') && item(id).title.contains("物业"),
            "{id}"
        );
    }
}

#[test]
fn department_scope_uses_canonical_names_and_aliases() {
    let mut disabled = ids("部门:残联");
    disabled.sort_unstable();
    assert_eq!(disabled, ["coop-38", "coop-39", "recalled-11"]);
    let has_police = |id: &&str| item(id).departments.iter().any(|d| d == "玛纳斯县公安局");
    let expected = data()
        .0
        .items
        .iter()
        .filter(|i| i.departments.iter().any(|d| d == "玛纳斯县公安局"))
        .count();
    assert_eq!(ids("dept:gongan").len(), expected);
    // gaj also reads 改革 by a rare reading of 革 (ji): the police come first.
    let police = ids("dept:gaj");
    assert!(police[..expected].iter().all(has_police), "{police:?}");
    assert!(
        ids("部门：水利")
            .iter()
            .all(|id| item(id).departments.contains(&"玛纳斯县水利局".into()))
    );
}

#[test]
fn category_and_list_scopes() {
    let found = ids("cat:民生服务");
    assert!(!found.is_empty());
    assert!(found.iter().all(|id| item(id).category == "民生服务"));
    let recalled = ids("清单:收回 水利");
    assert!(
        recalled
            .iter()
            .all(|id| item(id).list == ListKind::Recalled)
    );
    assert!(recalled.contains(&"recalled-23"));
    assert_eq!(ids("list:coop").len(), 99);
}

#[test]
fn every_category_scope_finds_every_item_of_that_category() {
    // Items without departments (basic-99..101) once lost their category's first character.
    let (dataset, _) = data();
    for item in &dataset.items {
        let found = ids(&format!("类别:{}", item.category));
        assert!(
            found.contains(&item.id.as_str()),
            "{}: {}",
            item.id,
            item.category
        );
    }
}

#[test]
fn full_width_input_is_read_as_ascii() {
    assert_eq!(ids("ＹＪＧＬ"), ids("yjgl"));
    assert_eq!(ids("（测土配方").first().copied(), Some("coop-26"));
    assert_eq!(ids("部门：残联"), ids("部门:残联"));
}

#[test]
fn status_scopes_to_the_review_verdicts() {
    let (dataset, _) = data();
    let mut engine = Engine::new(dataset);
    let mut marks = vec![ReviewMark::default(); dataset.items.len()];
    let at = |id: &str| dataset.items.iter().position(|i| i.id == id).unwrap();
    let verdict = |status| ReviewMark {
        status: Some(status),
        reviewed: true,
        draft: false,
    };
    marks[at("coop-19")] = verdict(lvzhi::Status::Dispute);
    marks[at("basic-44")] = verdict(lvzhi::Status::Agree);
    // A note alone: reviewed, so not 未审; and a draft.
    marks[at("coop-7")] = ReviewMark {
        status: None,
        reviewed: true,
        draft: true,
    };
    engine.set_reviews(marks);
    let ids = |q: &str| -> Vec<String> {
        engine
            .search(&Query::parse(q).unwrap())
            .iter()
            .map(|h| dataset.items[h.item].id.clone())
            .collect()
    };
    assert_eq!(ids("状态:有异议"), ["coop-19"]);
    assert_eq!(ids("犬 !status:dispute"), ["basic-44"]);
    assert_eq!(ids("status:none").len(), 249);
    assert_eq!(ids("状态:同意 | 状态:有异议").len(), 2);
    assert_eq!(ids("状态:草稿"), ["coop-7"]);
    assert_eq!(ids("status:draft 犬"), Vec::<String>::new());
}

#[test]
fn the_search_command_reads_verdicts_from_the_review_file() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("r.db");
    let review = review.to_str().unwrap();
    assert!(
        lvzhi(&["mark", "r6", "check", "--review", review])
            .status
            .success()
    );
    let out = lvzhi(&["search", "状态:待核实", "--review", review]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("收\trecalled-6\t"),
        "{}",
        stdout(&out)
    );
}

// ---- lvzhi search ----

#[test]
fn the_search_command_prints_one_line_per_hit_in_rank_order() {
    let out = lvzhi(&["search", "高龄津贴"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out).lines().map(String::from).collect();
    assert_eq!(lines.len(), ids("高龄津贴").len());
    assert!(lines[0].starts_with("配\tcoop-16\t老年人高龄津贴的发放管理\t玛纳斯县民政局"));
    assert!(
        !stdout(&out).contains('\x1b'),
        "no colour when not a terminal"
    );
}

#[test]
fn the_search_command_prints_json_hits_with_positions() {
    let out = lvzhi(&["search", "犬", "--json", "--limit", "1"]);
    let hits: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let first = &hits[0];
    assert_eq!(first["id"], "coop-19");
    assert_eq!(first["list"], "coop");
    assert_eq!(first["no"], 19);
    assert_eq!(first["departments"][0], "玛纳斯县公安局");
    assert!(first["score"].as_i64().unwrap() > 0);
    let title = first["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "title")
        .unwrap();
    assert_eq!(title["chars"], serde_json::json!([3]));
    assert_eq!(hits.as_array().unwrap().len(), 1);
}

#[test]
fn the_search_command_scopes_to_a_list_and_refuses_bad_queries() {
    let out = lvzhi(&["search", "水利", "--list", "收回", "--limit", "0"]);
    let lines = stdout(&out);
    assert!(lines.lines().count() >= 5);
    assert!(lines.lines().all(|l| l.starts_with("收\trecalled-")));
    let bad = lvzhi(&["search", "犬 |"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("第 4 个字处"), "{}", stderr(&bad));
}

#[test]
fn scope_only_views_keep_the_published_order() {
    for query in [
        "部门:水利",
        "类别:平安法治",
        "清单:配合",
        "部门:应急 清单:配合",
    ] {
        let found = ids(query);
        assert!(found.len() > 2, "{query}: {found:?}");
        let order = |id: &str| {
            let (list, no) = id.split_once('-').unwrap();
            let list = ["basic", "coop", "recalled"]
                .iter()
                .position(|l| *l == list);
            (list, no.parse::<u32>().unwrap())
        };
        let mut sorted = found.clone();
        sorted.sort_by_key(|id| order(id));
        assert_eq!(found, sorted, "{query}");
    }
    // Words still rank: the best match first.
    assert_eq!(ids("部门:水利 防汛").first().copied(), Some("coop-87"));
}

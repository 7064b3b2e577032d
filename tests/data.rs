//! The imported lists against the published text: counts, structure, fidelity, registry.

mod common;

use std::collections::{HashMap, HashSet};

use common::{has_space_between_cjk, repo_file, source_text};
use lvzhi::{Dataset, Item, ListKind, departments, import};

fn fresh_import() -> (Dataset, import::ImportReport) {
    import::import_text(source_text().as_bytes(), "data/source/liuhudi.txt").expect("import")
}

fn item<'a>(dataset: &'a Dataset, id: &str) -> &'a Item {
    dataset.find(id).expect(id)
}

#[test]
fn each_list_has_its_published_count_numbered_without_gaps() {
    let (dataset, _) = fresh_import();
    for (list, count) in [
        (ListKind::Basic, 110),
        (ListKind::Coop, 99),
        (ListKind::Recalled, 43),
    ] {
        let numbers: Vec<u32> = dataset.items_of(list).map(|i| i.no).collect();
        assert_eq!(numbers, (1..=count).collect::<Vec<u32>>(), "{list}");
    }
    let ids: HashSet<&str> = dataset.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), 252);
    assert!(
        dataset
            .items
            .iter()
            .all(|i| i.id == format!("{}-{}", i.list, i.no))
    );
    assert_eq!(
        (
            dataset.prefecture.as_str(),
            dataset.county.as_str(),
            dataset.town.as_str()
        ),
        ("昌吉州", "玛纳斯县", "六户地镇")
    );
}

#[test]
fn no_tags_and_no_spaces_inside_chinese_words_remain() {
    let (dataset, _) = fresh_import();
    for item in &dataset.items {
        let headings = item
            .upper_duties
            .iter()
            .chain(&item.town_duties)
            .filter_map(|s| s.heading.as_deref());
        let fields = [item.title.as_str(), item.category.as_str()]
            .into_iter()
            .chain(item.departments.iter().map(String::as_str))
            .chain(headings);
        for text in fields {
            assert!(!text.contains('<'), "{}: tag left in {text}", item.id);
            assert!(
                !has_space_between_cjk(text),
                "{}: space left in {text}",
                item.id
            );
        }
        let steps = item
            .upper_duties
            .iter()
            .chain(&item.town_duties)
            .flat_map(|s| &s.steps);
        for step in steps {
            assert!(
                !step.contains('<') && !step.trim().is_empty(),
                "{}: {step:?}",
                item.id
            );
        }
    }
}

#[test]
fn every_coop_and_recalled_item_has_registry_departments() {
    let (dataset, report) = fresh_import();
    for item in dataset.items.iter().filter(|i| i.list != ListKind::Basic) {
        assert!(
            !item.departments.is_empty(),
            "{} has no department",
            item.id
        );
        for name in &item.departments {
            let canonical = departments::resolve(name).map(|d| d.name);
            assert_eq!(canonical, Some(name.as_str()), "{}: {name}", item.id);
        }
    }
    for item in dataset.items_of(ListKind::Basic) {
        assert!(item.departments.is_empty() && item.upper_duties.is_empty());
        assert!(item.town_duties.is_empty());
    }
    assert_eq!(report.warnings, Vec::<String>::new());
}

#[test]
fn named_items_have_their_published_structure() {
    let (dataset, _) = fresh_import();
    let headings = |sections: &[lvzhi::Section]| -> Vec<Option<String>> {
        sections.iter().map(|s| s.heading.clone()).collect()
    };

    let coop30 = item(&dataset, "coop-30");
    for side in [&coop30.upper_duties, &coop30.town_duties] {
        assert_eq!(
            headings(side),
            [
                Some("一、农药使用指导、服务工作".into()),
                Some("二、农药包装废弃物回收清理工作".into())
            ]
        );
    }
    assert_eq!(coop30.upper_duties[0].steps.len(), 6);
    assert_eq!(coop30.town_duties[1].steps.len(), 4);

    let coop75 = item(&dataset, "coop-75");
    assert_eq!(
        coop75.departments,
        ["玛纳斯县委宣传部", "玛纳斯县文化体育广播电视和旅游局"]
    );
    assert_eq!(
        headings(&coop75.upper_duties),
        [
            Some("县委宣传部".into()),
            Some("县文化体育广播电视和旅游局".into())
        ]
    );
    assert_eq!(
        coop75.upper_duties[1].steps,
        ["指导六户地镇分类整理图书编目。"]
    );

    let coop35 = item(&dataset, "coop-35");
    for side in [&coop35.upper_duties, &coop35.town_duties] {
        assert_eq!(
            headings(side),
            [Some("一、分户工作".into()), Some("二、落户工作".into())]
        );
        assert!(
            side.iter()
                .all(|s| s.steps.len() == 1 && s.steps[0].ends_with('。'))
        );
    }
    assert!(coop35.upper_duties[0].steps[0].starts_with("收到申请后，指派相关责任民警"));

    for (id, expected) in [
        ("coop-51", vec!["县自然资源局", "县农业农村局"]),
        (
            "coop-61",
            vec!["一、农作物秸秆综合利用", "二、农作物秸秆禁烧"],
        ),
        ("coop-87", vec!["县应急管理局", "县水利局"]),
    ] {
        let found = headings(&item(&dataset, id).upper_duties);
        let expected: Vec<Option<String>> = expected.into_iter().map(|h| Some(h.into())).collect();
        assert_eq!(found, expected, "{id}");
    }
    assert_eq!(item(&dataset, "coop-87").departments, ["玛纳斯县水利局"]);

    let recalled6 = item(&dataset, "recalled-6");
    assert_eq!(recalled6.departments, ["玛纳斯县农业农村局"]);
    assert_eq!(
        recalled6.upper_duties[0].steps[0],
        "对出栏畜禽实施现场检疫；"
    );
    assert_eq!(
        item(&dataset, "recalled-11").departments,
        ["玛纳斯县残疾人联合会"]
    );
    assert!(
        item(&dataset, "coop-38")
            .departments
            .contains(&"玛纳斯县残疾人联合会".into())
    );
    assert_eq!(item(&dataset, "coop-80").category, "应急管理及消防");
    assert_eq!(
        item(&dataset, "coop-81").departments,
        ["玛纳斯县应急管理局", "其他负有安全生产监督管理职责的部门"]
    );
}

/// Each published item line, keyed by (list, number), with tags and white space removed and the
/// " and " artefact repaired: the text every imported word must come from.
fn published_lines() -> HashMap<(ListKind, u32), String> {
    let mut lines = HashMap::new();
    let mut list = None;
    for line in source_text().lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells[0] == "序号" {
            list = match cells.len() {
                3 => Some(ListKind::Basic),
                6 => Some(ListKind::Coop),
                4 => Some(ListKind::Recalled),
                n => panic!("header with {n} columns"),
            };
        } else if let Ok(no) = cells[0].parse::<u32>() {
            let mut text = String::new();
            let mut in_tag = false;
            for c in line.replace(" and ", "和").chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag && !c.is_whitespace() => text.push(c),
                    _ => {}
                }
            }
            lines.insert((list.expect("header before items"), no), text);
        }
    }
    lines
}

#[test]
fn every_word_comes_from_the_published_line_in_order() {
    let (dataset, _) = fresh_import();
    let published = published_lines();
    assert_eq!(published.len(), 252);
    for item in &dataset.items {
        let line = &published[&(item.list, item.no)];
        let mut pieces = vec![&item.category, &item.title];
        for section in item.upper_duties.iter().chain(&item.town_duties) {
            pieces.extend(section.heading.as_ref());
            pieces.extend(&section.steps);
        }
        let mut at = 0;
        for piece in pieces {
            let piece: String = piece.chars().filter(|c| !c.is_whitespace()).collect();
            match line[at..].find(&piece) {
                Some(found) => at += found + piece.len(),
                None => panic!(
                    "{}: «{piece}» not found in order in the published line",
                    item.id
                ),
            }
        }
    }
}

#[test]
fn committed_json_equals_a_fresh_import() {
    let (dataset, _) = fresh_import();
    let committed = std::fs::read_to_string(repo_file("data/liuhudi.json")).unwrap();
    assert!(
        committed == dataset.to_json(),
        "data/liuhudi.json is stale: run `cargo run -- import data/source/liuhudi.txt -o data/liuhudi.json`"
    );
    assert_eq!(Dataset::embedded().unwrap(), dataset);
}

/// The text between `<!-- NAME:begin -->` and `<!-- NAME:end -->` in docs/data.md.
fn docs_block(name: &str) -> String {
    let doc = std::fs::read_to_string(repo_file("docs/data.md")).unwrap();
    let begin = format!("<!-- {name}:begin -->\n");
    let start = doc.find(&begin).map(|i| i + begin.len()).expect(&begin);
    let end = doc
        .find(&format!("<!-- {name}:end -->"))
        .expect("end marker");
    doc[start..end].to_string()
}

#[test]
fn docs_list_the_repairs_a_fresh_import_makes() {
    let (_, report) = fresh_import();
    assert_eq!(docs_block("repairs"), report.repairs.markdown_table());
}

#[test]
fn docs_print_the_registry_the_code_uses() {
    assert_eq!(docs_block("registry"), departments::markdown_table());
}

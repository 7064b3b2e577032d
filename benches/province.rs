//! A synthetic province for benchmarks only: N towns made from the real items of 六户地镇, each
//! with its own town name, and a county name shared by every eleven towns, written into every
//! field where the real names stand. Each bench uses the part it needs.
#![allow(dead_code)]

use lvzhi::{Dataset, Item};

const FIRST: &str = "东西南北上下新老大小金银石沙河湖山林泉红白青黄安康永丰乐和平顺兴";
const SECOND: &str = "户地营庄坪湾沟台屯堡井口岗滩渠源桥寺集店园坝梁旗镇关城塘";

fn name(i: usize, suffix: &str) -> String {
    let first: Vec<char> = FIRST.chars().collect();
    let second: Vec<char> = SECOND.chars().collect();
    let a = first[i % first.len()];
    let b = second[(i / first.len()) % second.len()];
    let c = first[(i / (first.len() * second.len())) % first.len()];
    format!("{c}{a}{b}{suffix}")
}

fn rename(text: &str, town: &str, county: &str) -> String {
    text.replace("六户地镇", town)
        .replace("玛纳斯县", county)
        .replace("玛纳斯", county.trim_end_matches('县'))
}

fn renamed_item(item: &Item, town: &str, county: &str) -> Item {
    let mut item = item.clone();
    item.title = rename(&item.title, town, county);
    item.category = rename(&item.category, town, county);
    item.departments = item
        .departments
        .iter()
        .map(|d| rename(d, town, county))
        .collect();
    for section in item
        .upper_duties
        .iter_mut()
        .chain(item.town_duties.iter_mut())
    {
        section.heading = section.heading.as_deref().map(|h| rename(h, town, county));
        section.steps = section
            .steps
            .iter()
            .map(|s| rename(s, town, county))
            .collect();
    }
    item
}

/// At least `items` items: whole towns of the real lists, renamed.
pub fn province(base: &Dataset, items: usize) -> Dataset {
    let towns = items.div_ceil(base.items.len());
    let mut out = Dataset {
        town: "全省".into(),
        county: String::new(),
        prefecture: String::new(),
        source: "synthetic".into(),
        items: Vec::with_capacity(towns * base.items.len()),
    };
    for t in 0..towns {
        out.items.extend(town(base, t).items);
    }
    out
}

/// Town number `t`: the real lists under its own name, in a county shared by every eleven.
pub fn town(base: &Dataset, t: usize) -> Dataset {
    let town = name(t, "镇");
    let county = name(t / 11 + 7, "县");
    Dataset {
        town: town.clone(),
        county: county.clone(),
        prefecture: base.prefecture.clone(),
        source: format!("{town}.json"),
        items: base
            .items
            .iter()
            .map(|item| renamed_item(item, &town, &county))
            .collect(),
    }
}

use super::*;
use crate::admit::matcher::{Evidence as Phrase, Field};

fn item(id: &str, list: ListKind, score: f32, phrases: &[&str]) -> Match {
    Match {
        index: 0,
        id: id.to_string(),
        list,
        title: String::new(),
        score,
        evidence: phrases
            .iter()
            .map(|p| Phrase {
                notice: p.to_string(),
                item: p.to_string(),
                field: Field::Title,
                weight: 1.0,
                context: false,
            })
            .collect(),
    }
}

fn evidence<'a>(matches: &'a [Match], reading: &str) -> Evidence<'a> {
    Evidence {
        matches,
        reading: Some(Choice {
            verdict: Verdict::Basic,
            item: Some(reading.to_string()),
        }),
        burdens: &[],
        remainder: None,
        decided: None,
        meaning: None,
        enforcing: None,
    }
}

/// The model's opinion with `ranks` for items 0, 1, 2…, and item `closest` first.
fn opinion(ranks: &[u32]) -> Opinion {
    let best = ranks.iter().position(|&r| r == 0).unwrap_or(0);
    Opinion {
        ranks: ranks.to_vec(),
        similarity: ranks.iter().map(|&r| 0.9 - r as f32 / 100.0).collect(),
        best,
    }
}

/// The words' evidence (the plain reading agreeing) with the model's opinion beside it.
fn by_meaning_of<'a>(
    matches: &'a [Match],
    opinion: &'a Opinion,
    closest: &str,
    verdict: Verdict,
) -> Evidence<'a> {
    let item = Some(closest.to_string());
    Evidence {
        meaning: Some(Meaning {
            opinion,
            closest: Choice { verdict, item },
        }),
        ..evidence(matches, "coop-61")
    }
}

#[test]
fn a_sure_item_far_down_by_meaning_is_not_sure_and_the_closest_is_the_other_answer() {
    let mut matches = [item("coop-61", ListKind::Coop, 60.0, &["秸秆", "禁烧"])];
    matches[0].index = 1;
    let words = decide(&evidence(&matches, "coop-61"));
    assert!(words.sure);
    let near = opinion(&[0, FAR - 1]);
    let e = by_meaning_of(&matches, &near, "basic-91", Verdict::Basic);
    assert_eq!(decide(&e), words, "ranked within FAR: the words stand");
    let far = opinion(&[0, FAR]);
    let e = by_meaning_of(&matches, &far, "basic-91", Verdict::Basic);
    let d = decide(&e);
    assert_eq!(
        (d.verdict, d.sure, d.by_meaning),
        (Verdict::Coop, false, false)
    );
    let doubt = d.doubt.expect("a doubt");
    assert!(doubt.why.contains("按意思只排第 21"), "{}", doubt.why);
    assert_eq!(doubt.choices[1].item.as_deref(), Some("basic-91"));
}

#[test]
fn of_two_close_items_the_closer_in_meaning_goes_first_and_stays_unsure() {
    // Two lists close together: unsure by words, coop-61 first.
    let mut matches = [
        item("coop-61", ListKind::Coop, 40.0, &["秸秆"]),
        item("basic-91", ListKind::Basic, 38.0, &["禁烧", "巡查"]),
    ];
    matches[0].index = 0;
    matches[1].index = 1;
    let words = decide(&evidence(&matches, "coop-61"));
    assert_eq!((words.verdict, words.sure), (Verdict::Coop, false));
    let swapped = opinion(&[3, 0]);
    let e = by_meaning_of(&matches, &swapped, "basic-91", Verdict::Basic);
    let d = decide(&e);
    assert_eq!(
        (d.verdict, d.rests_on, d.sure, d.by_meaning),
        (Verdict::Basic, Some(1), false, true),
        "the model's closest goes first, and is never made sure on its word"
    );
    let doubt = d.doubt.expect("still a doubt");
    assert_eq!(doubt.choices[0].item.as_deref(), Some("basic-91"));
    assert_eq!(doubt.choices[1].item.as_deref(), Some("coop-61"));
    assert!(doubt.why.contains("按意思，basic-91 更近"), "{}", doubt.why);
    // The model agreeing with the words changes nothing.
    let agreeing = opinion(&[0, 3]);
    let e = by_meaning_of(&matches, &agreeing, "coop-61", Verdict::Coop);
    assert_eq!(decide(&e), words);
}

#[test]
fn one_phrase_the_plain_reading_does_not_bear_out_is_not_sure() {
    let matches = [item("coop-32", ListKind::Coop, 38.9, &["自来水"])];
    let d = decide(&evidence(&matches, "basic-73"));
    assert_eq!((d.verdict, d.sure), (Verdict::Coop, false));
    let doubt = d.doubt.expect("a doubt");
    assert!(
        doubt.why.contains("只凭「自来水」一处对上"),
        "{}",
        doubt.why
    );
    assert_eq!(doubt.choices[1].item.as_deref(), Some("basic-73"));
    // The same phrase, read the same way by the plain reading, or more phrases: sure.
    assert!(decide(&evidence(&matches, "coop-32")).sure);
    let more = [item("coop-32", ListKind::Coop, 38.9, &["自来水", "水费"])];
    assert!(decide(&evidence(&more, "basic-73")).sure);
}

#[test]
fn a_burden_added_to_a_listed_duty_is_outside_but_not_sure() {
    let matches = [item("basic-44", ListKind::Basic, 60.0, &["动物防疫"])];
    let burdens = ["签订率".to_string()];
    let e = Evidence {
        burdens: &burdens,
        remainder: Some(&matches[0]),
        ..evidence(&matches, "basic-44")
    };
    let d = decide(&e);
    assert_eq!(
        (d.verdict, d.sure, d.rests_on),
        (Verdict::Outside, false, None)
    );
    let choices = d.doubt.expect("a doubt").choices;
    assert_eq!(choices[0], OUTSIDE);
    assert_eq!(choices[1].item.as_deref(), Some("basic-44"));
    // A burden alone, with nothing listed left: outside for sure.
    let alone = Evidence {
        burdens: &burdens,
        ..evidence(&matches, "basic-44")
    };
    assert_eq!(
        (decide(&alone).verdict, decide(&alone).sure),
        (Verdict::Outside, true)
    );
}

#[test]
fn outside_on_words_alone_not_meeting_is_not_sure_and_offers_the_nearest() {
    let matches = [item("coop-57", ListKind::Coop, 2.4, &["养殖"])];
    let d = decide(&evidence(&matches, "coop-57"));
    assert_eq!((d.verdict, d.sure), (Verdict::Outside, false));
    let doubt = d.doubt.expect("a doubt");
    assert_eq!(doubt.choices[0], OUTSIDE);
    assert_eq!(doubt.choices[1].item.as_deref(), Some("coop-57"));
    assert!(doubt.why.contains("日常说法"), "{}", doubt.why);
    // Nothing shares a word at all: nothing to offer, outside for sure.
    assert!(decide(&evidence(&[], "basic-1")).sure);
}

#[test]
fn a_penalty_asked_of_the_town_on_a_basic_item_that_does_not_name_it_is_not_sure() {
    let matches = [
        item("basic-35", ListKind::Basic, 39.1, &["综合执法"]),
        item("recalled-43", ListKind::Recalled, 18.0, &["营业执照"]),
    ];
    let enforcing = |named: Vec<bool>| Enforcing {
        word: "罚单".to_string(),
        named,
        itself: true,
    };
    let e = Evidence {
        enforcing: Some(enforcing(vec![false, true])),
        ..evidence(&matches, "basic-35")
    };
    let d = decide(&e);
    assert_eq!((d.verdict, d.sure), (Verdict::Basic, false));
    let doubt = d.doubt.expect("a doubt");
    assert_eq!(doubt.choices[1].item.as_deref(), Some("recalled-43"));
    assert!(doubt.why.contains("通知要乡镇「罚单」"), "{}", doubt.why);
    // The basic item names the penalty itself (残膜的处罚): sure.
    let named = Evidence {
        enforcing: Some(enforcing(vec![true, true])),
        ..evidence(&matches, "basic-35")
    };
    assert!(decide(&named).sure);
    // A shared item's subject with its penalty to help with: the item covers it.
    let shared = [item("coop-22", ListKind::Coop, 60.0, &["私屠滥宰"])];
    let helping = Evidence {
        enforcing: Some(Enforcing {
            itself: false,
            ..enforcing(vec![false])
        }),
        ..evidence(&shared, "coop-22")
    };
    assert!(decide(&helping).sure);
    // The same penalty for the town to impose itself: the department's part pushed onto it.
    let pushed = Evidence {
        enforcing: Some(enforcing(vec![false])),
        ..evidence(&shared, "coop-22")
    };
    let d = decide(&pushed);
    assert_eq!((d.verdict, d.sure), (Verdict::Coop, false));
    assert!(d.doubt.expect("a doubt").why.contains("上级部门职责"));
    // A shared item whose title names the act for both sides: pushed onto the town all the same.
    let titled = Evidence {
        enforcing: Some(enforcing(vec![true])),
        ..evidence(&shared, "coop-22")
    };
    let d = decide(&titled);
    assert!(!d.sure);
    // The other answer is never the item itself, nor a basic item that names the act: the
    // department's part goes back, so 清单外 is offered.
    let with_basic = [
        item("coop-45", ListKind::Coop, 65.1, &["临时用地"]),
        item("basic-84", ListKind::Basic, 28.8, &["临时建筑物"]),
    ];
    let pushed_approval = Evidence {
        enforcing: Some(Enforcing {
            word: "直接审批".to_string(),
            ..enforcing(vec![true, true])
        }),
        ..evidence(&with_basic, "coop-45")
    };
    let doubt = decide(&pushed_approval).doubt.expect("a doubt");
    assert_eq!(doubt.choices[0].item.as_deref(), Some("coop-45"));
    assert_eq!(doubt.choices[1].item, None, "{:?}", doubt.choices);
}

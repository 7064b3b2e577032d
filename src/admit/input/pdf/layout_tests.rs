use super::*;

/// Glyphs of `text` from `x` on baseline `y`, a Chinese character a size wide, any other half.
fn run(text: &str, x: f64, y: f64, size: f64, chars: &mut String, glyphs: &mut Vec<Glyph>) {
    let mut x = x;
    for c in text.chars() {
        let width = if is_cjk(c) { size } else { size / 2.0 };
        let at = chars.len();
        chars.push(c);
        if c != ' ' {
            glyphs.push(Glyph {
                x,
                y,
                end: x + width,
                size,
                text: at..chars.len(),
                space_before: false,
            });
        }
        x += width;
    }
}

fn texts(lines: &[Line]) -> Vec<&str> {
    lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn glyphs_on_a_baseline_are_a_line_read_left_to_right_in_any_order_drawn() {
    let (mut chars, mut glyphs) = (String::new(), Vec::new());
    run("第二行", 100.0, 130.0, 10.0, &mut chars, &mut glyphs);
    run("行", 120.0, 100.0, 10.0, &mut chars, &mut glyphs);
    run("第一", 100.0, 100.0, 10.0, &mut chars, &mut glyphs);
    // Raised a little (a superscript) is still the line.
    run("1", 130.0, 97.0, 6.0, &mut chars, &mut glyphs);
    assert_eq!(texts(&lines(&glyphs, &chars)), ["第一行1", "第二行"]);
}

#[test]
fn extraction_spaces_around_chinese_go_and_spaces_between_latin_words_stay() {
    let (mut chars, mut glyphs) = (String::new(), Vec::new());
    // Digits in a Latin font set a little apart from the Chinese around them.
    for (piece, x) in [("12", 100.0), ("月", 113.0), ("15", 126.0), ("日", 139.0)] {
        run(piece, x, 100.0, 10.0, &mut chars, &mut glyphs);
    }
    run(
        "GB/T 33190 Standard",
        100.0,
        120.0,
        10.0,
        &mut chars,
        &mut glyphs,
    );
    // Items set well apart on one line keep a space between them.
    run("联系人：王芳", 100.0, 140.0, 10.0, &mut chars, &mut glyphs);
    run(
        "电话：0994-6521234",
        180.0,
        140.0,
        10.0,
        &mut chars,
        &mut glyphs,
    );
    // Bold made by drawing each glyph twice, a hair apart.
    run("加粗", 100.0, 160.0, 10.0, &mut chars, &mut glyphs);
    run("加粗", 100.5, 160.0, 10.0, &mut chars, &mut glyphs);
    assert_eq!(
        texts(&lines(&glyphs, &chars)),
        [
            "12月15日",
            "GB/T 33190 Standard",
            "联系人：王芳 电话：0994-6521234",
            "加粗"
        ]
    );
}

#[test]
fn page_numbers_are_told_from_text() {
    for number in [
        "- 1 -",
        "— 2 —",
        "－3－",
        "第 1 页 共 3 页",
        "第1页/共3页",
        "共 3 页 第 2 页",
        "1/3",
        "Page 2 of 5",
        "第 2/5 页",
    ] {
        assert!(is_page_number(number), "{number}");
    }
    for text in [
        "一、开展巡查",
        "2026年12月1日",
        "12",
        "第三页",
        "- 附件 -",
        "1-2",
    ] {
        assert!(!is_page_number(text), "{text}");
    }
}

fn line(text: &str, x0: f64, x1: f64, y: f64) -> Line {
    Line {
        text: text.into(),
        x0,
        x1,
        y,
        size: 10.0,
    }
}

#[test]
fn page_numbers_at_the_foot_or_head_and_running_headers_are_dropped() {
    let page = |n: usize, body: &str, foot: &str| {
        vec![
            line("玛纳斯县人民政府办公室文件", 150.0, 280.0, 50.0),
            line(&format!("共 3 页 第 {n} 页"), 150.0, 280.0, 60.0),
            line(body, 100.0, 200.0, 100.0),
            line(foot, 200.0, 210.0, 800.0),
        ]
    };
    let pages = vec![
        page(1, "一、开展巡查。", "— 1 —"),
        page(2, "二、报送台账。", "2"),
        page(3, "三、总结上报。", "3"),
    ];
    assert_eq!(
        compose(pages),
        "一、开展巡查。\n二、报送台账。\n三、总结上报。\n"
    );
    // A lone number heading a page is dropped only as that page's number.
    let pages = vec![
        vec![
            line("7", 100.0, 110.0, 50.0),
            line("甲", 100.0, 120.0, 100.0),
        ],
        vec![
            line("2", 100.0, 110.0, 50.0),
            line("乙", 100.0, 120.0, 100.0),
        ],
    ];
    assert_eq!(compose(pages), "7\n甲\n乙\n");
}

#[test]
fn a_line_wrapped_mid_sentence_is_joined_to_the_next_and_a_paragraph_end_is_not() {
    // A column from 100 to 400 (30 characters of size 10), paragraphs indented two.
    let page1 = vec![
        line("关于开展农村人居环境整治", 120.0, 399.0, 40.0),
        line("的通知", 235.0, 265.0, 55.0),
        line(
            "一、各乡镇要将县下达的任务分解到村、落实",
            120.0,
            400.0,
            100.0,
        ),
        line("到户，于1月15日前报县农业农村局。", 100.0, 270.0, 115.0),
        line(
            "二、联系人：王芳，电话：0994-6521234，邮箱：",
            120.0,
            395.0,
            130.0,
        ),
        line("mnsnyj@163.com。", 100.0, 180.0, 145.0),
        line(
            "三、请各乡镇组织清理村内垃圾、杂物、沟渠坑",
            120.0,
            400.0,
            160.0,
        ),
    ];
    let page2 = vec![
        line("塘的生活垃圾和建筑垃圾", 100.0, 210.0, 40.0),
        line(
            "四、对农村户厕问题进行摸排整改，建立台账；",
            120.0,
            400.0,
            55.0,
        ),
        line("五、按时报送。", 120.0, 190.0, 70.0),
        line("玛纳斯县农业农村局", 300.0, 390.0, 100.0),
    ];
    assert_eq!(
        compose(vec![page1, page2]),
        "关于开展农村人居环境整治的通知\n\
         一、各乡镇要将县下达的任务分解到村、落实到户，于1月15日前报县农业农村局。\n\
         二、联系人：王芳，电话：0994-6521234，邮箱：mnsnyj@163.com。\n\
         三、请各乡镇组织清理村内垃圾、杂物、沟渠坑塘的生活垃圾和建筑垃圾\n\
         四、对农村户厕问题进行摸排整改，建立台账；\n\
         五、按时报送。\n\
         玛纳斯县农业农村局\n"
    );
}

#[test]
fn short_lines_ending_alike_are_no_right_edge() {
    let page = vec![
        line("Notice 12", 72.0, 120.0, 100.0),
        line("second line", 72.0, 121.0, 120.0),
    ];
    assert_eq!(compose(vec![page]), "Notice 12\nsecond line\n");
}

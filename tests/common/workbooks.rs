//! Workbooks as county offices make them, written with rust_xlsxwriter (shared by
//! tests/notice_table.rs, tests/admit_many.rs and tests/admit_tui_folder.rs).
#![allow(dead_code)]

use rust_xlsxwriter::{Format, Workbook};

/// The county's task table as an office would make it: a title merged across, the header, a
/// category row merged across, a 牵头单位 merged down two rows, a line break inside a cell, and
/// a hidden column of internal numbers that names itself like a task column.
pub fn task_table() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("任务分解").unwrap();
    let plain = Format::new();
    sheet
        .merge_range(
            0,
            0,
            0,
            6,
            "玛纳斯县2026年冬季农村人居环境整治任务分解表",
            &plain,
        )
        .unwrap();
    let header = [
        "序号",
        "工作任务",
        "工作内容（旧）",
        "具体措施",
        "牵头单位",
        "责任单位",
        "完成时限",
    ];
    for (c, name) in header.iter().enumerate() {
        sheet.write(1, c as u16, *name).unwrap();
    }
    // Hidden: an earlier wording nobody should read, under a name that looks asked.
    sheet.set_column_hidden(2).unwrap();
    sheet
        .merge_range(2, 0, 2, 6, "一、村庄清洁", &plain)
        .unwrap();
    let rows: [[&str; 7]; 4] = [
        [
            "1",
            "开展村庄清洁行动",
            "旧：打扫卫生",
            "组织清理村内垃圾、杂物\n清理积存垃圾",
            "",
            "各乡镇",
            "2026年12月15日前",
        ],
        [
            "2",
            "农村户厕摸排",
            "旧：改厕",
            "对农村户厕问题进行摸排整改，建立问题台账",
            "",
            "各乡镇",
            "12月20日前",
        ],
        [
            "3",
            "修补农村公路坑槽",
            "旧：修路",
            "对县道坑槽进行修补",
            "县交通运输局",
            "县交通运输局",
            "12月31日前",
        ],
        [
            "4",
            "秸秆禁烧",
            "旧：禁烧",
            "开展秸秆禁烧巡查，发现焚烧立即制止",
            "县生态环境局",
            "各乡镇人民政府",
            "全年",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = if r < 2 { 3 + r } else { 4 + r } as u32;
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write(r, c as u16, *cell).unwrap();
            }
        }
    }
    sheet
        .merge_range(5, 0, 5, 6, "二、道路和秸秆", &plain)
        .unwrap();
    sheet
        .merge_range(3, 4, 4, 4, "县农业农村局", &plain)
        .unwrap();
    book.save_to_buffer().unwrap()
}

/// A county's assessment sheet (考核细则): what the town is scored on, and how many points.
pub fn assessment_sheet() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("考核细则").unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            4,
            "玛纳斯县2026年度乡镇绩效考核细则",
            &Format::new(),
        )
        .unwrap();
    let rows: [[&str; 5]; 7] = [
        ["序号", "考核项目", "考核内容", "评分标准", "分值"],
        [
            "1",
            "基层党建",
            "落实“三会一课”制度，按时召开组织生活会",
            "未按要求开展的扣1分",
            "5",
        ],
        [
            "2",
            "就业创业",
            "完成城镇新增就业人数任务",
            "每少1人扣0.5分",
            "10",
        ],
        [
            "3",
            "动物防疫",
            "做好动物及动物产品检疫工作，检疫率达到100%",
            "检疫率每低1个百分点扣1分",
            "8",
        ],
        [
            "4",
            "安全生产",
            "对辖区加油站、烟花爆竹经营单位开展执法检查，依法立案处罚",
            "未立案处罚的扣2分",
            "10",
        ],
        [
            "5",
            "人居环境",
            "开展村庄清洁行动，清理村内垃圾、杂物",
            "未完成的扣2分",
            "6",
        ],
        [
            "6",
            "招商引资",
            "全年引进招商引资项目到位资金5000万元",
            "每少10%扣1分",
            "10",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // The points as numbers, as a sheet that sums them holds them.
            match cell.parse::<f64>() {
                Ok(n) if c == 4 => sheet.write(1 + r as u32, c as u16, n).unwrap(),
                _ => sheet.write(1 + r as u32, c as u16, *cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

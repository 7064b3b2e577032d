//! Spreadsheets as counties publish them, made here with rust_xlsxwriter, read by `lvzhi import`
//! to the same dataset as the published text.

mod common;

use common::{lvzhi, source_text, stderr};
use lvzhi::export::{self, Format};
use lvzhi::review::Reviews;
use lvzhi::{Dataset, Item, ListKind, Section, import};
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet};

fn from_text() -> (Dataset, import::ImportReport) {
    import::import_text(source_text().as_bytes(), "liuhudi.txt").unwrap()
}

/// Everything but the file name the dataset came from.
fn assert_same(actual: &Dataset, expected: &Dataset) {
    assert_eq!(
        (&actual.prefecture, &actual.county, &actual.town),
        (&expected.prefecture, &expected.county, &expected.town)
    );
    assert_eq!(actual.items.len(), expected.items.len());
    for (a, e) in actual.items.iter().zip(&expected.items) {
        assert_eq!(a, e, "{}", e.id);
    }
}

fn write_row(sheet: &mut Worksheet, row: u32, cells: &[&str]) {
    for (c, cell) in cells.iter().enumerate() {
        match cell.trim().parse::<f64>() {
            Ok(n) if c == 0 => sheet.write_number(row, c as u16, n).map(|_| ()),
            _ => sheet.write_string(row, c as u16, *cell).map(|_| ()),
        }
        .unwrap();
    }
}

/// Layout 1: one workbook, a sheet per list, each under a merged title row, the published text's
/// cells as they are (page-break headers repeated, conversion artefacts and all).
fn sheet_per_list(drop_column: Option<&str>) -> Vec<u8> {
    let mut book = Workbook::new();
    let merged = CellFormat::new().set_bold();
    let mut current: Option<(usize, u32, Option<usize>)> = None;
    let text = source_text();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        let title = ListKind::ALL
            .into_iter()
            .find(|l| line.trim().ends_with(l.full_name()));
        if let Some(list) = title {
            let sheet = book.add_worksheet();
            sheet.set_name(list.full_name()).unwrap();
            let width = match list {
                ListKind::Basic => 2,
                ListKind::Coop => 5,
                ListKind::Recalled => 3,
            };
            sheet
                .merge_range(0, 0, 0, width, line.trim(), &merged)
                .unwrap();
            let index = book.worksheets_mut().len() - 1;
            current = Some((index, 1, None));
            continue;
        }
        let Some((index, row, dropped)) = current.as_mut() else {
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        if cells[0].trim() == "序号" {
            *dropped = drop_column.and_then(|name| cells.iter().position(|c| c.trim() == name));
        }
        let kept: Vec<&str> = cells
            .iter()
            .enumerate()
            .filter(|(c, _)| Some(*c) != *dropped)
            .map(|(_, cell)| *cell)
            .collect();
        let sheet = &mut book.worksheets_mut()[*index];
        write_row(sheet, *row, &kept);
        *row += 1;
    }
    book.save_to_buffer().unwrap()
}

/// A duty column as a county types it into a cell: headings and "1." steps on their own lines.
fn lines(sections: &[Section]) -> String {
    let mut out = Vec::new();
    for section in sections {
        out.extend(section.heading.clone());
        for (n, step) in section.steps.iter().enumerate() {
            if section.steps.len() > 1 {
                out.push(format!("{}.{step}", n + 1));
            } else {
                out.push(step.clone());
            }
        }
    }
    out.join("\n")
}

/// Layout 2: a workbook per list; title in row 1, a date line in row 2, the header in row 3
/// with the usual variants (序 号, 镇街配合职责, 承接部门及工作方式 in one column), steps on
/// separate lines, and each run of one category merged down.
fn file_per_list(dataset: &Dataset, list: ListKind) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header: &[&str] = match list {
        ListKind::Basic => &["序 号", "事项类别", "事项名称"],
        ListKind::Coop => &[
            "序 号",
            "事项类别",
            "事项名称",
            "对应上级部门",
            "上级部门职责",
            "镇街配合职责",
        ],
        ListKind::Recalled => &["序 号", "事项类别", "事项名称", "承接部门及工作方式"],
    };
    let title = format!("{}{}", dataset.place(), list.full_name());
    sheet.write_string(0, 0, &title).unwrap();
    sheet.write_string(1, 0, "（2024年12月动态调整）").unwrap();
    write_row(sheet, 2, header);
    let items: Vec<&Item> = dataset.items_of(list).collect();
    let wrap = CellFormat::new().set_text_wrap();
    for (i, item) in items.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_number(row, 0, f64::from(item.no)).unwrap();
        sheet.write_string(row, 2, &item.title).unwrap();
        let departments = item.departments.join("、");
        match list {
            ListKind::Basic => {}
            ListKind::Coop => {
                sheet.write_string(row, 3, &departments).unwrap();
                let upper = lines(&item.upper_duties);
                sheet
                    .write_string_with_format(row, 4, &upper, &wrap)
                    .unwrap();
                let town = lines(&item.town_duties);
                sheet
                    .write_string_with_format(row, 5, &town, &wrap)
                    .unwrap();
            }
            ListKind::Recalled => {
                let cell = format!("{departments}：\n{}", lines(&item.upper_duties));
                sheet
                    .write_string_with_format(row, 3, &cell, &wrap)
                    .unwrap();
            }
        }
    }
    let mut start = 0;
    for end in 1..=items.len() {
        if end == items.len() || items[end].category != items[start].category {
            let (first, last) = (3 + start as u32, 2 + end as u32);
            let category = &items[start].category;
            if last > first {
                sheet
                    .merge_range(first, 1, last, 1, category, &CellFormat::new())
                    .unwrap();
            } else {
                sheet.write_string(first, 1, category).unwrap();
            }
            start = end;
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_sheet_per_list_under_merged_titles_imports_as_the_text_does() {
    let (expected, text_report) = from_text();
    let books = vec![("清单.xlsx".to_string(), sheet_per_list(None))];
    let (dataset, report) = import::import_workbooks(&books, None).unwrap();
    assert_same(&dataset, &expected);
    assert_eq!(dataset.source, "清单.xlsx");
    assert_eq!(report.repairs, text_report.repairs, "the same repairs");
}

#[test]
fn a_file_per_list_with_the_header_in_row_3_imports_as_the_text_does() {
    let (expected, _) = from_text();
    let books: Vec<(String, Vec<u8>)> = ListKind::ALL
        .into_iter()
        .map(|list| {
            let name = format!("{}.xlsx", list.full_name());
            (name, file_per_list(&expected, list))
        })
        .collect();
    let (dataset, report) = import::import_workbooks(&books, None).unwrap();
    assert_same(&dataset, &expected);
    assert!(
        report.warnings.iter().all(|w| !w.contains("序号不连续")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn the_exported_workbook_imports_to_the_same_dataset() {
    let (expected, _) = from_text();
    let bytes = export::render(
        &expected,
        &Reviews::new(),
        Format::Xlsx,
        export::Options::default(),
    )
    .unwrap();
    let (dataset, _) = import::import_workbooks(&[("导出.xlsx".into(), bytes)], None).unwrap();
    assert_same(&dataset, &expected);
}

#[test]
fn a_missing_column_is_refused_naming_the_sheet_and_the_column() {
    let books = vec![(
        "缺列.xlsx".to_string(),
        sheet_per_list(Some("上级部门职责")),
    )];
    let err = import::import_workbooks(&books, None).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("工作表「配合履职事项清单」第 2 行（表头）")
            && message.contains("缺少「上级部门职责」列"),
        "{message}"
    );
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn a_bad_cell_is_named_by_sheet_row_and_column_letter() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("配合").unwrap();
    write_row(
        sheet,
        0,
        &[
            "序号",
            "事项类别",
            "事项名称",
            "对应上级部门",
            "上级部门职责",
            "乡镇配合职责",
        ],
    );
    write_row(
        sheet,
        1,
        &["1", "安全", "巡查", "县应急管理局", "检查", "配合"],
    );
    write_row(
        sheet,
        2,
        &["二", "安全", "巡查", "县应急管理局", "检查", "配合"],
    );
    let books = vec![("乐土驿镇.xlsx".to_string(), book.save_to_buffer().unwrap())];
    let err = import::import_workbooks(&books, Some("乐土驿镇")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "乐土驿镇.xlsx：工作表「配合」第 3 行 A 列（序号）：序号「二」不是正整数"
    );

    // Without a title the town must be given; the header's generic 乡镇 names none.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    write_row(sheet, 0, &["序号", "事项类别", "事项名称"]);
    write_row(sheet, 1, &["1", "党的建设", "学习"]);
    let books = vec![("无标题.xlsx".to_string(), book.save_to_buffer().unwrap())];
    let err = import::import_workbooks(&books, None).unwrap_err();
    assert!(err.to_string().contains("请用 --town 指定"), "{err}");
    let (dataset, _) = import::import_workbooks(&books, Some("玛纳斯县乐土驿镇")).unwrap();
    assert_eq!(
        (dataset.county.as_str(), dataset.town.as_str()),
        ("玛纳斯县", "乐土驿镇")
    );
    assert_eq!(dataset.items[0].id, "basic-1");
}

#[test]
fn the_import_command_reads_several_workbooks_and_data_takes_a_workbook() {
    let (expected, _) = from_text();
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for list in ListKind::ALL {
        let path = dir.path().join(format!("{}.xlsx", list.key()));
        std::fs::write(&path, file_per_list(&expected, list)).unwrap();
        paths.push(path.to_str().unwrap().to_string());
    }
    let out_path = dir.path().join("liuhudi.json");
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(["-o", out_path.to_str().unwrap()]);
    let out = lvzhi(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("（昌吉州玛纳斯县六户地镇）：基本 110，配合 99，收回 43"),
        "{}",
        stderr(&out)
    );
    let imported = lvzhi::import::load(&out_path).unwrap();
    assert_same(&imported, &expected);

    let one = dir.path().join("all.xlsx");
    std::fs::write(&one, sheet_per_list(None)).unwrap();
    let out = lvzhi(&["show", "c87", "--data", one.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(common::stdout(&out).contains("玛纳斯县水利局"));
}

/// A small basic list with `fill` writing row 4's cells (序号 1, 2 above it are plain).
fn basic_workbook(fill: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("基本").unwrap();
    write_row(sheet, 0, &["昌吉州玛纳斯县六户地镇基本履职事项清单"]);
    write_row(sheet, 1, &["序号", "事项类别", "事项名称"]);
    write_row(sheet, 2, &["1", "党的建设", "宣传党的政策"]);
    fill(sheet);
    book.save_to_buffer().unwrap()
}

fn import_bytes(bytes: Vec<u8>) -> lvzhi::Result<Dataset> {
    import::import_workbooks(&[("基本.xlsx".to_string(), bytes)], None).map(|(d, _)| d)
}

const NO_RESULT: &str = "NO-RESULT";

/// The workbook as programs (openpyxl, report generators) write formulas: with no result at
/// all, which Excel/WPS would compute on saving. rust_xlsxwriter always writes one, so the
/// placeholder result is cut out of the sheet's XML.
fn without_results(bytes: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut output = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..input.len() {
        let mut file = input.by_index(i).unwrap();
        let mut text = Vec::new();
        file.read_to_end(&mut text).unwrap();
        let name = file.name().to_string();
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(text).unwrap();
            let cut = xml
                .replace(&format!("<v>{NO_RESULT}</v>"), "")
                .replace(" t=\"str\"", "");
            assert_ne!(cut, xml, "the placeholder was written");
            text = cut.into_bytes();
        }
        output
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        output.write_all(&text).unwrap();
    }
    output.finish().unwrap().into_inner()
}

#[test]
fn a_formula_saved_without_its_result_is_an_error_naming_the_cell() {
    let bytes = basic_workbook(|sheet| {
        write_row(sheet, 3, &["2"]);
        sheet.write_string(3, 1, "平安建设").unwrap();
        let formula = rust_xlsxwriter::Formula::new("=B3&\"工作\"").set_result(NO_RESULT);
        sheet.write_formula(3, 2, formula).unwrap();
    });
    let err = import_bytes(without_results(&bytes)).unwrap_err();
    let message = err.to_string();
    assert_eq!(err.exit_code(), 2);
    assert!(message.contains("C4"), "{message}");
    assert!(message.contains("公式"), "{message}");
}

#[test]
fn a_formula_with_its_result_reads_as_the_result() {
    let bytes = basic_workbook(|sheet| {
        write_row(sheet, 3, &["2", "平安建设"]);
        let formula = rust_xlsxwriter::Formula::new("=B3&\"工作\"").set_result("党的建设工作");
        sheet.write_formula(3, 2, formula).unwrap();
    });
    let data = import_bytes(bytes).unwrap();
    assert_eq!(data.items[1].title, "党的建设工作");
}

#[test]
fn a_date_cell_reads_as_the_date_written_not_a_serial_number() {
    let bytes = basic_workbook(|sheet| {
        write_row(sheet, 3, &["2", "会议"]);
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 30).unwrap();
        let format = CellFormat::new().set_num_format("yyyy年m月d日");
        sheet
            .write_datetime_with_format(3, 2, &date, &format)
            .unwrap();
    });
    let data = import_bytes(bytes).unwrap();
    assert_eq!(data.items[1].title, "2026-11-30");
}

#[test]
fn an_error_value_is_an_error_naming_the_cell() {
    let bytes = basic_workbook(|sheet| {
        write_row(sheet, 3, &["2", "平安建设"]);
        let formula = rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!");
        sheet.write_formula(3, 2, formula).unwrap();
    });
    let message = import_bytes(bytes).unwrap_err().to_string();
    assert!(
        message.contains("C4") && message.contains("#DIV/0!"),
        "{message}"
    );
}

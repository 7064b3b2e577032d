//! Where everything goes for a terminal size: pure geometry, shared by drawing and by the state
//! updates that need page sizes.

pub mod detail;
pub mod help;

use ratatui::layout::{Constraint, Layout, Rect};

use crate::model::ListKind;

/// Below this the app shows one line asking for a bigger terminal.
pub const MIN_WIDTH: u16 = 32;
pub const MIN_HEIGHT: u16 = 8;
/// From this width the list, the upper duties and the town duties stand side by side.
pub const WIDE: u16 = 120;
/// From this width the two duty panes stand side by side; below it they are stacked.
pub const SIDE_BY_SIDE: u16 = 60;
/// Below this many body rows the list alone fills the screen (Enter opens the item).
const LIST_ONLY_BELOW: u16 = 14;

/// The rectangles of one screen. Unused ones are empty (zero area).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub header: Rect,
    pub list: Rect,
    /// The item summary above the panes: what it is, whose, and its title.
    pub info: Rect,
    /// 上级部门职责, 工作方式, or a basic item's text.
    pub upper: Rect,
    /// 六户地镇配合职责 (cooperative items only).
    pub town: Rect,
    pub footer: Rect,
}

/// The screen for a size; `None` when the terminal is too small to use.
pub fn areas(area: Rect, compare: bool, kind: ListKind, info_lines: u16) -> Option<Areas> {
    areas_for(area, compare, kind, info_lines, usize::MAX)
}

/// As `areas`, for a list of `rows` items: a stacked list no taller than its rows (one match
/// leaves the rest of the screen to its detail); an empty one keeps its room for the message.
pub fn areas_for(
    area: Rect,
    compare: bool,
    kind: ListKind,
    info_lines: u16,
    rows: usize,
) -> Option<Areas> {
    let [header, body, footer] = frame(area)?;
    let (list, detail) = if compare {
        (Rect::default(), body)
    } else if area.width >= WIDE {
        let list_width = (area.width * 36 / 100).clamp(40, 64);
        let [list, detail] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(body);
        (list, detail)
    } else if body.height < LIST_ONLY_BELOW {
        (body, Rect::default())
    } else {
        let mut list_height = (body.height * 2 / 5).clamp(4, 14);
        if rows > 0 {
            let needed = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
            list_height = list_height.min(needed.max(3));
        }
        let [list, detail] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(0)]).areas(body);
        (list, detail)
    };
    let (info, upper, town) = detail_areas(detail, kind, info_lines);
    Some(Areas {
        header,
        list,
        info,
        upper,
        town,
        footer,
    })
}

/// The summary on top, then the duty panes: side by side from 60 columns, stacked below.
fn detail_areas(detail: Rect, kind: ListKind, info_lines: u16) -> (Rect, Rect, Rect) {
    if kind == ListKind::Basic || detail.area() == 0 {
        return (Rect::default(), detail, Rect::default());
    }
    // The summary gives way to the panes: at most a third of the height.
    let info_height = info_lines.min(detail.height / 3);
    let [info, panes] =
        Layout::vertical([Constraint::Length(info_height), Constraint::Min(0)]).areas(detail);
    if kind == ListKind::Recalled {
        return (info, panes, Rect::default());
    }
    let [upper, town] = if detail.width >= SIDE_BY_SIDE {
        Layout::horizontal([Constraint::Ratio(1, 2); 2]).areas(panes)
    } else {
        Layout::vertical([Constraint::Ratio(1, 2); 2]).areas(panes)
    };
    (info, upper, town)
}

/// Every screen's frame: the header line, the body, the footer line; `None` when the terminal
/// is too small to use.
fn frame(area: Rect) -> Option<[Rect; 3]> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    Some(
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(area),
    )
}

/// The screens of 准入 and 登记: a list and one detail pane, side by side from 100 columns,
/// the list above otherwise. `None` when the terminal is too small.
pub fn list_and_detail(area: Rect) -> Option<(Rect, Rect, Rect, Rect)> {
    let [header, body, footer] = frame(area)?;
    let [list, detail] = if area.width >= 100 {
        let width = (area.width * 38 / 100).clamp(36, 60);
        Layout::horizontal([Constraint::Length(width), Constraint::Min(0)]).areas(body)
    } else if body.height < LIST_ONLY_BELOW {
        [body, Rect::default()]
    } else {
        let height = (body.height * 2 / 5).clamp(4, 12);
        Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(body)
    };
    Some((header, list, detail, footer))
}

/// Rows of a bordered pane available for text.
pub fn inner_height(pane: Rect) -> u16 {
    pane.height.saturating_sub(2)
}

/// Columns of a bordered pane available for text.
pub fn inner_width(pane: Rect) -> u16 {
    pane.width.saturating_sub(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_view_gives_each_pane_at_least_36_columns_at_80x24() {
        let a = areas(Rect::new(0, 0, 80, 24), true, ListKind::Coop, 3).unwrap();
        assert!(inner_width(a.upper) >= 36 && inner_width(a.town) >= 36);
        assert_eq!(a.upper.y, a.town.y);
        assert_eq!(a.list, Rect::default());
    }

    #[test]
    fn wide_terminals_put_list_upper_and_town_side_by_side() {
        let a = areas(Rect::new(0, 0, 120, 40), false, ListKind::Coop, 3).unwrap();
        assert!(a.list.x < a.upper.x && a.upper.x < a.town.x);
        assert_eq!(a.list.y, a.info.y);
    }

    #[test]
    fn medium_terminals_put_the_list_above_and_narrow_ones_stack_the_panes() {
        let a = areas(Rect::new(0, 0, 80, 24), false, ListKind::Coop, 3).unwrap();
        assert!(a.list.bottom() <= a.info.y);
        assert_eq!(a.upper.y, a.town.y);
        let a = areas(Rect::new(0, 0, 50, 30), false, ListKind::Coop, 3).unwrap();
        assert!(a.upper.bottom() <= a.town.y);
    }

    #[test]
    fn short_terminals_show_the_list_alone() {
        let a = areas(Rect::new(0, 0, 40, 12), false, ListKind::Coop, 3).unwrap();
        assert_eq!(a.list.height, 10);
        assert_eq!(a.upper.area() + a.town.area() + a.info.area(), 0);
        let a = areas(Rect::new(0, 0, 40, 12), true, ListKind::Coop, 3).unwrap();
        assert!(a.upper.height >= 3 && a.town.height >= 3, "{a:?}");
    }

    #[test]
    fn too_small_is_none() {
        assert!(areas(Rect::new(0, 0, 31, 24), false, ListKind::Coop, 3).is_none());
        assert!(areas(Rect::new(0, 0, 80, 7), false, ListKind::Coop, 3).is_none());
    }
}

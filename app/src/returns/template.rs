//! The quarterly return workbook: its layout (shared with the checker in [`super::check`])
//! and the template Linkway issues per period and borough. Only input cells are unlocked;
//! coded columns drop down from a hidden `Lists` sheet; `About` names the borough, the
//! period and the template version so an upload can be recognised.
//!
//! The writer also fills cells, so tests and the benchmark produce returns exactly as a
//! borough would after typing into the template.

use super::model::{Employer, Ons4Measure, WhyUnmet, WorkforceRole};
use crate::codes::CodeList;
use crate::plumbing::xlsx::header_format;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, Formula, Workbook, Worksheet,
    XlsxError,
};

/// Bumped whenever the layout changes; older uploads are refused with a sentence.
pub const TEMPLATE_VERSION: i64 = 1;

pub const TITLE: &str = "Linkway quarterly social prescribing return";

pub const ABOUT: &str = "About";
pub const WORKFORCE: &str = "Workforce";
pub const REFERRALS: &str = "Referrals";
pub const UNMET_NEED: &str = "Unmet need";
pub const OUTCOMES: &str = "Outcomes";
pub const LISTS: &str = "Lists";

/// `About`: labels in column A, values in column B, on these rows (0-based).
pub const ABOUT_BOROUGH_NAME_ROW: u32 = 2;
pub const ABOUT_BOROUGH_ROW: u32 = 3;
pub const ABOUT_PERIOD_ROW: u32 = 4;
pub const ABOUT_VERSION_ROW: u32 = 5;

/// Data sheets: a title on row 1, a note (or the referral total) on row 2, headings on
/// row 3 and data from row 4 (0-based: 0, 1, 2, 3).
pub const HEADER_ROW: u32 = 2;
pub const FIRST_DATA_ROW: u32 = 3;
/// Rows the template formats and validates for input; more may be added below.
pub const INPUT_ROWS: u32 = 2000;
/// `Referrals!B2`: the people referred in the quarter.
pub const PEOPLE_REFERRED: (u32, u16) = (1, 1);

pub const WORKFORCE_HEADERS: [&str; 6] = [
    "PCN (or Borough-wide)",
    "Role",
    "Employer type",
    "Headcount",
    "WTE",
    "Vacancies (WTE)",
];
pub const REFERRAL_HEADERS: [&str; 2] = ["Referral reason", "Referrals"];
pub const UNMET_NEED_HEADERS: [&str; 5] = [
    "Need theme",
    "People",
    "PCN or ward (optional)",
    "Why unmet",
    "Notes (optional)",
];
pub const OUTCOME_HEADERS: [&str; 5] = [
    "ONS4 measure",
    "Mean before (0-10)",
    "People before",
    "Mean after (0-10)",
    "People after",
];

/// What the `About` sheet says; tests and the benchmark vary it to make wrong templates.
#[derive(Clone, Debug)]
pub struct TemplateSpec {
    pub borough_code: String,
    pub borough_name: String,
    pub period_code: String,
    pub due_on: String,
    pub version: i64,
    /// The code list of referral reasons and need themes, in order.
    pub themes: Vec<String>,
    /// The borough's PCNs recorded in Linkway, by name: the PCN column offers them and
    /// "Borough-wide". With none recorded the column takes any name.
    pub pcns: Vec<String>,
}

/// The PCN column's entry for figures that cover the whole borough.
pub const BOROUGH_WIDE: &str = "Borough-wide";

/// A value typed into an input cell.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
}

/// What a borough typed into the template: rows of cells from column A, and for
/// `outcomes` the four measures' cells from column B.
#[derive(Clone, Debug, Default)]
pub struct Fill {
    pub people_referred: Cell,
    pub workforce: Vec<Vec<Cell>>,
    pub referrals: Vec<Vec<Cell>>,
    pub unmet_needs: Vec<Vec<Cell>>,
    pub outcomes: Vec<Vec<Cell>>,
}

const INSTRUCTIONS: [&str; 8] = [
    "Fill in the Workforce, Referrals and Unmet need sheets; Outcomes is optional.",
    "Workforce: one row per PCN (or Borough-wide) for each role and employer type, with headcount, WTE and vacancies. WTE cannot be more than the headcount.",
    "Referrals: the people referred in the quarter in cell B2, then the referrals for each reason.",
    "Unmet need: one row per need theme (and PCN or ward, if you record it) with the people whose need could not be met and why.",
    "Outcomes: ONS4 wellbeing means (0 to 10) before and after support, with how many people each mean is from.",
    "Choose coded values from the drop-down lists. Leave rows you do not need empty.",
    "Do not rename sheets or change this sheet: Linkway uses it to recognise the return.",
    "Upload the completed workbook on your borough's return page in Linkway.",
];

/// The workbook for `spec`, with `fill` typed into it (`Fill::default()`: the blank
/// template).
pub fn template(spec: &TemplateSpec, fill: &Fill) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let lists = Lists::new(spec);
    about_sheet(workbook.add_worksheet(), spec)?;
    workforce_sheet(workbook.add_worksheet(), &lists, fill)?;
    referrals_sheet(workbook.add_worksheet(), &lists, fill)?;
    unmet_need_sheet(workbook.add_worksheet(), &lists, fill)?;
    outcomes_sheet(workbook.add_worksheet(), fill)?;
    lists.sheet(workbook.add_worksheet())?;
    Ok(workbook)
}

/// The coded columns' values, one column each on the hidden `Lists` sheet.
struct Lists {
    columns: Vec<Vec<String>>,
    /// Whether the borough has PCNs recorded (the PCN column is then a drop-down).
    has_pcns: bool,
}

const ROLE_LIST: usize = 0;
const EMPLOYER_LIST: usize = 1;
const WHY_UNMET_LIST: usize = 2;
const THEME_LIST: usize = 3;
const PCN_LIST: usize = 4;

impl Lists {
    fn new(spec: &TemplateSpec) -> Self {
        let owned = |labels: Vec<&str>| labels.into_iter().map(str::to_owned).collect();
        Self {
            columns: vec![
                owned(WorkforceRole::labels()),
                owned(Employer::labels()),
                owned(WhyUnmet::labels()),
                spec.themes.clone(),
                std::iter::once(BOROUGH_WIDE.to_owned())
                    .chain(spec.pcns.iter().cloned())
                    .collect(),
            ],
            has_pcns: !spec.pcns.is_empty(),
        }
    }

    /// A drop-down of list `index`.
    fn validation(&self, index: usize) -> Result<DataValidation, XlsxError> {
        let column = char::from(b'A' + index as u8);
        let last = self.columns[index].len().max(1) + 1;
        DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "={LISTS}!${column}$2:${column}${last}"
            )))
            .set_error_message("Choose a value from the list.")
    }

    fn sheet(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        sheet.set_name(LISTS)?;
        let titles = [
            "Roles",
            "Employer types",
            "Why unmet",
            "Need themes",
            "PCNs",
        ];
        for (column, (title, values)) in (0u16..).zip(titles.iter().zip(&self.columns)) {
            sheet.write(0, column, *title)?;
            for (row, value) in (1u32..).zip(values) {
                sheet.write(row, column, value)?;
            }
        }
        sheet.set_hidden(true);
        sheet.protect();
        Ok(())
    }
}

fn title_format() -> Format {
    Format::new().set_bold().set_font_size(14)
}

fn about_sheet(sheet: &mut Worksheet, spec: &TemplateSpec) -> Result<(), XlsxError> {
    sheet.set_name(ABOUT)?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 90)?;
    sheet.write_with_format(0, 0, TITLE, &title_format())?;
    let bold = Format::new().set_bold();
    let rows = [
        (
            ABOUT_BOROUGH_NAME_ROW,
            "Borough",
            spec.borough_name.as_str(),
        ),
        (
            ABOUT_BOROUGH_ROW,
            "Borough code",
            spec.borough_code.as_str(),
        ),
        (ABOUT_PERIOD_ROW, "Period", spec.period_code.as_str()),
    ];
    for (row, label, value) in rows {
        sheet.write_with_format(row, 0, label, &bold)?;
        sheet.write(row, 1, value)?;
    }
    sheet.write_with_format(ABOUT_VERSION_ROW, 0, "Template version", &bold)?;
    sheet.write_with_format(
        ABOUT_VERSION_ROW,
        1,
        spec.version as f64,
        &Format::new().set_align(FormatAlign::Left),
    )?;
    sheet.write_with_format(6, 0, "Due", &bold)?;
    sheet.write(6, 1, spec.due_on.as_str())?;
    sheet.write_with_format(8, 0, "How to fill it in", &bold)?;
    let wrap = Format::new().set_text_wrap();
    for (row, line) in (9u32..).zip(INSTRUCTIONS) {
        sheet.write_with_format(row, 1, line, &wrap)?;
    }
    sheet.protect();
    sheet.set_active(true);
    Ok(())
}

/// Title, note and headings of a data sheet; `inputs` are the unlocked columns.
fn data_sheet(
    sheet: &mut Worksheet,
    name: &str,
    note: &str,
    headers: &[&str],
    inputs: std::ops::Range<u16>,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let unlocked = Format::new().set_unlocked();
    for column in inputs {
        sheet.set_column_format(column, &unlocked)?;
    }
    for column in 0..headers.len() as u16 {
        sheet.set_column_width(column, 26)?;
    }
    sheet.write_with_format(0, 0, name, &title_format())?;
    sheet.write_with_format(1, 0, note, &Format::new().set_italic())?;
    let header = header_format();
    for (column, title) in (0u16..).zip(headers) {
        sheet.write_with_format(HEADER_ROW, column, *title, &header)?;
    }
    sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    sheet.protect();
    Ok(())
}

fn validate(
    sheet: &mut Worksheet,
    column: u16,
    validation: &DataValidation,
) -> Result<(), XlsxError> {
    sheet.add_data_validation(
        FIRST_DATA_ROW,
        column,
        FIRST_DATA_ROW + INPUT_ROWS - 1,
        column,
        validation,
    )?;
    Ok(())
}

fn whole_number(minimum: i32) -> DataValidation {
    DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(minimum))
}

fn decimal(rule: DataValidationRule<f64>) -> DataValidation {
    DataValidation::new().allow_decimal_number(rule)
}

fn write_cells(
    sheet: &mut Worksheet,
    first_row: u32,
    first_column: u16,
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    for (row, cells) in (first_row..).zip(rows) {
        for (column, cell) in (first_column..).zip(cells) {
            write_cell(sheet, row, column, cell)?;
        }
    }
    Ok(())
}

fn write_cell(sheet: &mut Worksheet, row: u32, column: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => {
            sheet.write(row, column, text.as_str())?;
        }
        Cell::Number(number) => {
            sheet.write(row, column, *number)?;
        }
    }
    Ok(())
}

fn workforce_sheet(sheet: &mut Worksheet, lists: &Lists, fill: &Fill) -> Result<(), XlsxError> {
    data_sheet(
        sheet,
        WORKFORCE,
        "One row per PCN (or Borough-wide), role and employer type. WTE cannot be more than the headcount.",
        &WORKFORCE_HEADERS,
        0..6,
    )?;
    if lists.has_pcns {
        validate(sheet, 0, &lists.validation(PCN_LIST)?)?;
    }
    validate(sheet, 1, &lists.validation(ROLE_LIST)?)?;
    validate(sheet, 2, &lists.validation(EMPLOYER_LIST)?)?;
    validate(sheet, 3, &whole_number(0))?;
    validate(
        sheet,
        4,
        &decimal(DataValidationRule::GreaterThanOrEqualTo(0.0)),
    )?;
    validate(
        sheet,
        5,
        &decimal(DataValidationRule::GreaterThanOrEqualTo(0.0)),
    )?;
    write_cells(sheet, FIRST_DATA_ROW, 0, &fill.workforce)
}

fn referrals_sheet(sheet: &mut Worksheet, lists: &Lists, fill: &Fill) -> Result<(), XlsxError> {
    data_sheet(sheet, REFERRALS, "", &REFERRAL_HEADERS, 0..2)?;
    let bold = Format::new().set_bold();
    sheet.write_with_format(1, 0, "People referred in the quarter", &bold)?;
    let (row, column) = PEOPLE_REFERRED;
    write_cell(sheet, row, column, &fill.people_referred)?;
    sheet.add_data_validation(row, column, row, column, &whole_number(0))?;
    validate(sheet, 0, &lists.validation(THEME_LIST)?)?;
    validate(sheet, 1, &whole_number(0))?;
    write_cells(sheet, FIRST_DATA_ROW, 0, &fill.referrals)
}

fn unmet_need_sheet(sheet: &mut Worksheet, lists: &Lists, fill: &Fill) -> Result<(), XlsxError> {
    data_sheet(
        sheet,
        UNMET_NEED,
        "Needs a link worker met but could not connect to any service, with why.",
        &UNMET_NEED_HEADERS,
        0..5,
    )?;
    validate(sheet, 0, &lists.validation(THEME_LIST)?)?;
    validate(sheet, 1, &whole_number(1))?;
    validate(sheet, 3, &lists.validation(WHY_UNMET_LIST)?)?;
    write_cells(sheet, FIRST_DATA_ROW, 0, &fill.unmet_needs)
}

fn outcomes_sheet(sheet: &mut Worksheet, fill: &Fill) -> Result<(), XlsxError> {
    data_sheet(
        sheet,
        OUTCOMES,
        "Optional. ONS4 wellbeing means before and after support, with how many people each is from.",
        &OUTCOME_HEADERS,
        1..5,
    )?;
    for (row, measure) in (FIRST_DATA_ROW..).zip(Ons4Measure::labels()) {
        sheet.write(row, 0, measure)?;
    }
    let last = FIRST_DATA_ROW + Ons4Measure::ALL.len() as u32 - 1;
    for column in [1u16, 3] {
        sheet.add_data_validation(
            FIRST_DATA_ROW,
            column,
            last,
            column,
            &decimal(DataValidationRule::Between(0.0, 10.0)),
        )?;
    }
    for column in [2u16, 4] {
        sheet.add_data_validation(FIRST_DATA_ROW, column, last, column, &whole_number(0))?;
    }
    write_cells(sheet, FIRST_DATA_ROW, 1, &fill.outcomes)
}

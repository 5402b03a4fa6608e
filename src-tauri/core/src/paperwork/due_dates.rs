//! When an FOI reply is due.
//!
//! Freedom of Information Act 2000, section 10(1): a public body must reply no later than
//! the twentieth working day following the date of receipt. Section 10(6): a working day is
//! any day other than a Saturday, a Sunday, Christmas Day, Good Friday or a bank holiday in
//! any part of the United Kingdom. So a holiday of Scotland or Northern Ireland alone (St
//! Andrew's Day, St Patrick's Day, the Twelfth) moves the date for a body in England too.
//!
//! The bank holidays are those GOV.UK lists at https://www.gov.uk/bank-holidays (England and
//! Wales, Scotland, Northern Ireland), 2024 to 2028, with the days put in lieu when a holiday
//! falls at a weekend. Dates after 2026 follow the usual rules; a one-off holiday made by
//! proclamation later (as on 19 September 2022) is not in the list until it is added here.
//! After [`COVERED_UNTIL`] the list runs out, and the due date is given with a warning.

use chrono::{Datelike, NaiveDate, Weekday};

/// The last day the list of bank holidays covers.
pub const COVERED_UNTIL: (i32, u32, u32) = (2028, 12, 31);
/// The first day it covers.
pub const COVERED_FROM: (i32, u32, u32) = (2024, 1, 1);

/// Bank holidays in any part of the UK, as (year, month, day), with where each applies.
const BANK_HOLIDAYS: &[(i32, u32, u32, &str)] = &[
    // 2024
    (2024, 1, 1, "UK"),
    (2024, 1, 2, "Scotland"),
    (2024, 3, 18, "Northern Ireland"), // St Patrick's Day, in lieu
    (2024, 3, 29, "UK"),               // Good Friday
    (2024, 4, 1, "England, Wales, Northern Ireland"),
    (2024, 5, 6, "UK"),
    (2024, 5, 27, "UK"),
    (2024, 7, 12, "Northern Ireland"),
    (2024, 8, 5, "Scotland"),
    (2024, 8, 26, "England, Wales, Northern Ireland"),
    (2024, 12, 2, "Scotland"), // St Andrew's Day, in lieu
    (2024, 12, 25, "UK"),
    (2024, 12, 26, "UK"),
    // 2025
    (2025, 1, 1, "UK"),
    (2025, 1, 2, "Scotland"),
    (2025, 3, 17, "Northern Ireland"),
    (2025, 4, 18, "UK"),
    (2025, 4, 21, "England, Wales, Northern Ireland"),
    (2025, 5, 5, "UK"),
    (2025, 5, 26, "UK"),
    (2025, 7, 14, "Northern Ireland"), // the Twelfth, in lieu
    (2025, 8, 4, "Scotland"),
    (2025, 8, 25, "England, Wales, Northern Ireland"),
    (2025, 12, 1, "Scotland"), // St Andrew's Day, in lieu
    (2025, 12, 25, "UK"),
    (2025, 12, 26, "UK"),
    // 2026
    (2026, 1, 1, "UK"),
    (2026, 1, 2, "Scotland"),
    (2026, 3, 17, "Northern Ireland"),
    (2026, 4, 3, "UK"),
    (2026, 4, 6, "England, Wales, Northern Ireland"),
    (2026, 5, 4, "UK"),
    (2026, 5, 25, "UK"),
    (2026, 7, 13, "Northern Ireland"), // the Twelfth, in lieu
    (2026, 8, 3, "Scotland"),
    (2026, 8, 31, "England, Wales, Northern Ireland"),
    (2026, 11, 30, "Scotland"),
    (2026, 12, 25, "UK"),
    (2026, 12, 28, "UK"), // Boxing Day, in lieu
    // 2027
    (2027, 1, 1, "UK"),
    (2027, 1, 4, "Scotland"), // 2 January, in lieu
    (2027, 3, 17, "Northern Ireland"),
    (2027, 3, 26, "UK"),
    (2027, 3, 29, "England, Wales, Northern Ireland"),
    (2027, 5, 3, "UK"),
    (2027, 5, 31, "UK"),
    (2027, 7, 12, "Northern Ireland"),
    (2027, 8, 2, "Scotland"),
    (2027, 8, 30, "England, Wales, Northern Ireland"),
    (2027, 11, 30, "Scotland"),
    (2027, 12, 27, "UK"), // Christmas Day, in lieu
    (2027, 12, 28, "UK"), // Boxing Day, in lieu
    // 2028
    (2028, 1, 3, "UK"),       // New Year's Day, in lieu
    (2028, 1, 4, "Scotland"), // 2 January, in lieu
    (2028, 3, 17, "Northern Ireland"),
    (2028, 4, 14, "UK"),
    (2028, 4, 17, "England, Wales, Northern Ireland"),
    (2028, 5, 1, "UK"),
    (2028, 5, 29, "UK"),
    (2028, 7, 12, "Northern Ireland"),
    (2028, 8, 7, "Scotland"),
    (2028, 8, 28, "England, Wales, Northern Ireland"),
    (2028, 11, 30, "Scotland"),
    (2028, 12, 25, "UK"),
    (2028, 12, 26, "UK"),
];

/// Working days allowed for a reply.
pub const WORKING_DAYS: u32 = 20;

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Whether the list of bank holidays covers `day`.
pub fn covered(day: NaiveDate) -> bool {
    day >= date(COVERED_FROM) && day <= date(COVERED_UNTIL)
}

/// Whether `day` is a bank holiday anywhere in the UK (or Christmas Day or Good Friday,
/// which are in the list every year).
pub fn is_bank_holiday(day: NaiveDate) -> bool {
    let key = (day.year(), day.month(), day.day());
    BANK_HOLIDAYS.iter().any(|&(y, m, d, _)| (y, m, d) == key)
        || (day.month() == 12 && day.day() == 25)
}

/// A working day in the sense of section 10(6).
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_bank_holiday(day)
}

/// The date a reply is due: the twentieth working day after `received`.
pub fn foi_due(received: NaiveDate) -> NaiveDate {
    let mut day = received;
    let mut counted = 0;
    while counted < WORKING_DAYS {
        day = day.succ_opt().unwrap_or(day);
        if is_working_day(day) {
            counted += 1;
        }
    }
    day
}

/// Whether the due date could be worked out with every bank holiday known.
pub fn due_date_is_certain(received: NaiveDate) -> bool {
    covered(received) && covered(foi_due(received))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn twenty_working_days_over_weekends_only() {
        // Received Monday 2 February 2026: four weeks of weekdays, no holidays.
        assert_eq!(foi_due(d(2026, 2, 2)), d(2026, 3, 2));
        // Received on a Saturday: the count starts on Monday.
        assert_eq!(foi_due(d(2026, 2, 7)), d(2026, 3, 6));
    }

    #[test]
    fn an_england_and_wales_bank_holiday_moves_the_date() {
        // Received Monday 10 August 2026. The 20 working days run from 11 August; the
        // summer bank holiday, Monday 31 August, is not one of them: due Tuesday 8 September
        // (it would be Monday 7 September without it).
        assert_eq!(foi_due(d(2026, 8, 10)), d(2026, 9, 8));
    }

    #[test]
    fn a_holiday_of_scotland_alone_moves_the_date() {
        // Received Friday 27 November 2026. Monday 30 November is St Andrew's Day, a bank
        // holiday in Scotland only, and still not a working day under s10(6). Then Christmas
        // Day and Boxing Day in lieu (Monday 28 December). Counted by hand: 1–4 December (4),
        // 7–11 (9), 14–18 (14), 21–24 (18), 29 and 30 (20): due Wednesday 30 December. Were
        // 30 November counted, it would be the 29th.
        assert_eq!(foi_due(d(2026, 11, 27)), d(2026, 12, 30));
    }

    #[test]
    fn a_holiday_of_northern_ireland_alone_moves_the_date() {
        // Received Friday 3 July 2026. Monday 13 July is the Twelfth in lieu (Northern
        // Ireland only). Working days from 6 July: 6–10 (5), 14–17 (9), 20–24 (14),
        // 27–31 (19); 3 August is Scotland's summer holiday, so the 20th is 4 August. Were
        // 13 July counted, it would be 31 July.
        assert_eq!(foi_due(d(2026, 7, 3)), d(2026, 8, 4));
    }

    #[test]
    fn good_friday_and_easter_monday() {
        // Received Wednesday 1 April 2026: Good Friday 3 April and Easter Monday 6 April
        // are not working days. 2 April (1), 7–10 (5), 13–17 (10), 20–24 (15), 27–30 (19),
        // 1 May (20).
        assert_eq!(foi_due(d(2026, 4, 1)), d(2026, 5, 1));
    }

    #[test]
    fn every_listed_holiday_is_a_weekday_and_the_list_runs_in_order() {
        let mut last = NaiveDate::MIN;
        for &(y, m, day, _) in BANK_HOLIDAYS {
            let date = d(y, m, day);
            assert!(date > last, "{date} out of order");
            assert!(
                !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{date} is a weekend"
            );
            last = date;
        }
        assert!(covered(d(2028, 12, 31)) && !covered(d(2029, 1, 1)));
        assert!(!due_date_is_certain(d(2028, 12, 15)));
        assert!(due_date_is_certain(d(2026, 11, 27)));
    }
}

//! The ID card reader adapter against a simulated reader on a pseudo-terminal that speaks the
//! SAM frames: a good card, a card late, removed mid-read, garbled answers, not an ID card, an
//! expired card, no reader on the line; each refusal with a message in every language.

use std::time::{Duration, Instant};

use borderdesk_core::id_card::{CardValidity, IdCard, Sex};
use borderdesk_core::CoreError;
use borderdesk_integration_tests::card_sim::{Fault, SimulatedReader};
use borderdesk_local::card_reader::frame::Command;
use borderdesk_local::card_reader::{CardReader, SamSerialReader};
use borderdesk_local::LocalError;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn card() -> IdCard {
    IdCard {
        name: "王美娜".into(),
        sex: Sex::Female,
        nation_code: "01".into(),
        birth_date: day(1986, 9, 11),
        address: "浙江省泰顺县罗阳镇新城大道20号".into(),
        id_number: "330329198609114465".into(),
        issued_by: "泰顺县公安局".into(),
        valid_from: day(2011, 3, 3),
        valid_until: CardValidity::Until(day(2031, 3, 3)),
    }
}

fn reader_for(sim: &SimulatedReader) -> SamSerialReader {
    SamSerialReader::new(sim.path()).with_reply_timeout(Duration::from_millis(500))
}

fn localized_everywhere(e: &LocalError) {
    for tag in ["zh-CN", "zh-TW", "en"] {
        assert!(borderdesk_i18n::has(tag, e.code()), "{tag} {}", e.code());
    }
}

#[test]
fn a_card_on_the_reader_is_read_as_it_is_printed() {
    let sim = SimulatedReader::start().unwrap();
    sim.put(card(), Fault::None);
    let read = reader_for(&sim).read(Duration::from_secs(3)).unwrap();
    assert_eq!(read, card());
    assert_eq!(read.check(day(2026, 12, 7)), Ok(()));
    assert_eq!(
        sim.received(),
        vec![Command::FindCard, Command::SelectCard, Command::ReadBase]
    );
}

#[test]
fn a_read_waits_for_the_card_and_gives_up_at_the_setting() {
    let sim = SimulatedReader::start().unwrap();
    let reader = reader_for(&sim);
    let started = Instant::now();
    let e = reader.read(Duration::from_millis(900)).unwrap_err();
    assert!(matches!(e, LocalError::CardNotPresent), "{e:?}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert!(started.elapsed() < Duration::from_secs(3));
    localized_everywhere(&e);

    // Put down while the reader waits: it is read.
    let late = std::thread::scope(|s| {
        let read = s.spawn(|| reader.read(Duration::from_secs(5)));
        std::thread::sleep(Duration::from_millis(700));
        sim.put(card(), Fault::None);
        read.join().unwrap()
    });
    assert_eq!(late.unwrap(), card());
}

#[test]
fn a_card_taken_away_mid_read_says_so_and_the_next_read_works() {
    let sim = SimulatedReader::start().unwrap();
    sim.put(card(), Fault::RemovedMidRead);
    let reader = reader_for(&sim);
    let e = reader.read(Duration::from_secs(3)).unwrap_err();
    assert!(matches!(e, LocalError::CardRemoved), "{e:?}");
    localized_everywhere(&e);
    assert!(borderdesk_i18n::message("zh-CN", e.code(), &[]).contains("不要移动"));
    // Put back, it reads.
    sim.put(card(), Fault::None);
    assert_eq!(reader.read(Duration::from_secs(3)).unwrap(), card());
}

#[test]
fn one_garbled_answer_is_read_again_and_garbled_twice_is_refused() {
    let sim = SimulatedReader::start().unwrap();
    sim.put(card(), Fault::BadChecksum(1));
    let reader = reader_for(&sim);
    assert_eq!(reader.read(Duration::from_secs(3)).unwrap(), card());
    let reads = sim
        .received()
        .iter()
        .filter(|c| **c == Command::ReadBase)
        .count();
    assert_eq!(reads, 2, "the garbled answer was asked for again");

    sim.put(card(), Fault::BadChecksum(5));
    let e = reader.read(Duration::from_secs(3)).unwrap_err();
    assert!(matches!(e, LocalError::CardReadFailed), "{e:?}");
    localized_everywhere(&e);
}

#[test]
fn a_card_that_is_not_an_id_card_is_named_so() {
    let sim = SimulatedReader::start().unwrap();
    sim.put(card(), Fault::NotAnIdCard);
    let e = reader_for(&sim).read(Duration::from_secs(3)).unwrap_err();
    assert!(matches!(e, LocalError::CardNotAnIdCard), "{e:?}");
    localized_everywhere(&e);
}

#[test]
fn an_expired_card_reads_but_is_refused_with_its_own_message() {
    let sim = SimulatedReader::start().unwrap();
    let expired = IdCard {
        valid_from: day(2006, 5, 1),
        valid_until: CardValidity::Until(day(2026, 5, 1)),
        ..card()
    };
    sim.put(expired, Fault::None);
    let read = reader_for(&sim).read(Duration::from_secs(3)).unwrap();
    let refused = read.check(day(2026, 12, 7)).unwrap_err();
    assert_eq!(refused, CoreError::IdCardExpired);
    let e = LocalError::Rule(refused);
    localized_everywhere(&e);
    assert!(borderdesk_i18n::message("zh-CN", e.code(), &[]).contains("过有效期"));
}

#[test]
fn no_reader_on_the_line_is_not_answering_and_cancel_stops_a_wait() {
    // A path with nothing behind it.
    let e = SamSerialReader::new("/dev/borderdesk-no-such-reader")
        .read(Duration::from_secs(3))
        .unwrap_err();
    assert!(matches!(e, LocalError::CardReaderNotAnswering), "{e:?}");
    localized_everywhere(&e);

    // A line nobody answers on (a reader that is not a SAM, or hung).
    let sim = SimulatedReader::start().unwrap();
    sim.put(card(), Fault::None);
    sim.go_silent();
    let started = Instant::now();
    let e = reader_for(&sim).read(Duration::from_secs(3)).unwrap_err();
    assert!(matches!(e, LocalError::CardReaderNotAnswering), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(2));

    // Waiting for a card, cancelled.
    let sim = SimulatedReader::start().unwrap();
    let reader = reader_for(&sim);
    let started = Instant::now();
    let e = std::thread::scope(|s| {
        let read = s.spawn(|| reader.read(Duration::from_secs(10)));
        std::thread::sleep(Duration::from_millis(400));
        reader.cancel();
        read.join().unwrap()
    })
    .unwrap_err();
    assert!(matches!(e, LocalError::CardReadCancelled), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_second_process_on_the_line_is_kept_off_while_a_card_is_read() {
    let sim = SimulatedReader::start().unwrap();
    let reader = reader_for(&sim);
    // As borderdesk-ctl doctor would: its own reader on the same device.
    let doctor = reader_for(&sim);
    std::thread::scope(|s| {
        let waiting = s.spawn(|| reader.read(Duration::from_secs(3)));
        std::thread::sleep(Duration::from_millis(300));
        let e = doctor.read(Duration::from_secs(1)).unwrap_err();
        assert!(matches!(e, LocalError::CardReaderBusy), "{e:?}");
        assert_eq!(
            doctor.probe(),
            borderdesk_local::card_reader::CardReaderState::Ready,
            "busy reading is answering"
        );
        sim.put(card(), Fault::None);
        assert_eq!(waiting.join().unwrap().unwrap(), card());
    });
    // The line is free again afterwards.
    assert_eq!(
        doctor.probe(),
        borderdesk_local::card_reader::CardReaderState::Ready
    );
    let received = sim.received();
    let finds_after_read = received
        .iter()
        .rev()
        .take_while(|c| **c != Command::ReadBase)
        .count();
    assert_eq!(
        finds_after_read, 1,
        "one find by the last probe: {received:?}"
    );
}

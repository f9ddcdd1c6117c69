//! `card-reader-sim LINK CARD_FILE`: a simulated ID card reader for the end-to-end suite. It
//! opens a pseudo-terminal speaking the SAM frames, points the symlink LINK at it (the app's
//! `BORDERDESK_CARD_READER`), and has a card on it while CARD_FILE exists (JSON:
//! `{"card": {...}, "fault": "none"}`). Runs until its standard input closes.

use std::io::Read;
use std::path::PathBuf;

use borderdesk_integration_tests::card_sim::SimulatedReader;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(link), Some(card_file)) = (args.next(), args.next()) else {
        return Err("usage: card-reader-sim LINK CARD_FILE".into());
    };
    let link = PathBuf::from(link);
    let reader = SimulatedReader::start()?;
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(reader.path(), &link)?;
    let _follow = reader.follow(PathBuf::from(card_file));
    println!("{}", reader.path().display());
    // Serve until whoever started us goes away.
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    let _ = std::fs::remove_file(&link);
    Ok(())
}

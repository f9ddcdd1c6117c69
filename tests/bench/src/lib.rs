//! Benchmarks only: see benches/ and run.sh.

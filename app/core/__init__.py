"""The kernel below every module: clock, digits, dates, languages, phones, bulk statements,
record checks, job enqueueing and the typed-error bases. It imports no module."""

"""Selection's rules, without I/O: results and ranking, panel scoring, assessment files."""

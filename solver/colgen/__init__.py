"""Column generation over people's rosters: dynamic-programming pricing, an LP master in HiGHS."""

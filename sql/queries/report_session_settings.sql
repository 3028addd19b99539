-- The report transaction's settings. JIT compilation costs 100-200 ms per statement (measured
-- in bench/explain/) and is chosen by estimates of rows a report never reads (generate_series,
-- CTEs), while the reports themselves run in tens of milliseconds: off, for this transaction only.
SELECT set_config('jit', 'off', true)

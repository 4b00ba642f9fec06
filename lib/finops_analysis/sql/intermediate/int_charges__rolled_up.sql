-- int_charges__rolled_up: the roll-up of the charges (stg_billing__rolled_up) with month,
-- day, canonical tags, tag compliance and owner (the owned_charges macro). The analyses
-- read this: thousands of rows where the files hold millions, the same sums.
-- Grain: one row per row of stg_billing__rolled_up; row_count says how many charge rows
-- each stands for. Cost basis: both, exact DECIMAL sums.
SELECT * FROM owned_charges('stg_billing__rolled_up')

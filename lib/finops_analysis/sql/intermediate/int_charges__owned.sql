-- int_charges__owned: every charge row with its month, day, canonical tags, tag compliance
-- and owner (the owned_charges macro over stg_billing). Nothing is dropped.
-- Grain: one row per charge row of stg_billing. Used where a resource matters (untagged
-- resources); everything else reads the roll-up, int_charges__rolled_up.
SELECT * FROM owned_charges('stg_billing')

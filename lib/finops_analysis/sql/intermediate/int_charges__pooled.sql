-- int_charges__pooled (and int_charges__pooled_monthly): every owned charge line with the
-- shared-cost pool it joins, if any.
-- Grain: one row per row of int_charges__rolled_up (int_charges__monthly); nothing dropped.
-- Cost basis: both (BilledCost and EffectiveCost pass through untouched).
-- Inputs: int_charges__rolled_up or int_charges__monthly, and the pools of finops.yaml as a CASE that
-- staging.pool_case writes from them, one WHEN per pool in priority order.
-- A charge joins the first pool all of whose match fields hold one of the listed values
-- (compared case-insensitively); `pool` is NULL for direct cost of the owner team. The CASE
-- runs on each row as it is read (no join to a table of rules, which on a year of history
-- cost more than the analyses that read it).
SELECT o.*, {pool} AS pool
FROM {charges} AS o

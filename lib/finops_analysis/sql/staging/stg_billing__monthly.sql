-- stg_billing__monthly: the roll-up summed over the usage day, before owners are resolved
-- (owners depend on the tags, the sub-account and the month, never on the day, so
-- int_charges__monthly resolves them on these lines: about a thirtieth of the roll-up's).
-- Grain: one row per billing period and every other key of stg_billing__rolled_up but the
-- charge period. Cost basis: both, exact DECIMAL sums; row_count and *_rows count charge rows.
-- ChargePeriodStart/End: the first start and last end of the line's charges;
-- last_usage_date: the newest day-long charge period among them (a month in progress shows it).
-- Input: stg_billing__rolled_up: the files' cached roll-ups when it reads them, else (so the
-- billing rows are not scanned twice) the projection of the owned roll-up table that
-- Warehouse.materialize builds first. The select list is filled in by staging.resummed(),
-- the charge period dropped.
SELECT
    {resummed},
    min(ChargePeriodStart) AS ChargePeriodStart,
    max(ChargePeriodEnd)   AS ChargePeriodEnd,
    CAST(max(ChargePeriodStart) FILTER (WHERE ChargePeriodEnd = ChargePeriodStart + INTERVAL '1' DAY) AS DATE)
                           AS last_usage_date
FROM stg_billing__rolled_up
GROUP BY ALL

-- stg_billing__rolled_up: the charges summed over what only a resource has (its id, name,
-- type and zone, the charge description, split-cost and capacity-reservation details),
-- keeping every column the analyses group by, the tags text included.
-- Grain: one row per usage day (ChargePeriodStart/End: a charge period within one UTC day is
-- widened to that day, so hourly exports roll up by day; longer periods stay), billing period, account, invoice,
-- sub-account, region, service, SKU and price, charge and pricing category, commitment and
-- Tags text (staging.ROLLUP_KEYS). Cost basis: both; costs and quantities are exact DECIMAL
-- sums; row_count counts the charge rows, *_rows how many of them carry that column (so
-- "every row has it" checks still work on sums); latest_charge_end is the newest
-- ChargePeriodEnd of the line's charges as exported (data freshness, "data as of").
-- Inputs: stg_billing__unique, lines that are the roll-up already (a file, or a schema group
-- of files, whose own lines share no key with any other's: Warehouse.materialize checks
-- provider, billing account and billing period), and stg_billing__overlapping, lines summed
-- again here (two files of one invoice, or two spellings of one instant in a CSV). Both come
-- from each file or schema group grouped on its raw values (staging.rollup_select).
-- Computed once per warehouse (once per pack, and once per billing file in the file cache):
-- the one full scan of the billing rows the analyses need. The select list is filled in by
-- staging.resummed() (every column a key but the measures, which are summed).
SELECT * FROM stg_billing__unique
UNION ALL
SELECT
    {resummed}
FROM stg_billing__overlapping
GROUP BY ALL

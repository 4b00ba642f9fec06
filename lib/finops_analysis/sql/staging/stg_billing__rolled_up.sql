-- stg_billing__rolled_up: the charges summed over what only a resource has (its id, name,
-- type and zone, the charge description, split-cost and capacity-reservation details),
-- keeping every column the analyses group by, the tags text included.
-- Grain: one row per usage day (ChargePeriodStart/End), billing period, account, invoice,
-- sub-account, region, service, SKU and price, charge and pricing category, commitment and
-- Tags text (staging.ROLLUP_KEYS). Cost basis: both; costs and quantities are exact DECIMAL
-- sums; row_count counts the charge rows, *_rows how many of them carry that column (so
-- "every row has it" checks still work on sums).
-- Input: stg_billing__grouped, each schema group of files already grouped on its raw values
-- (staging.rollup_select); this sums the groups that typing or a second file group made
-- equal. Computed once per warehouse (and once per pack, cached on disk): the one full scan
-- of the billing rows the analyses need.
SELECT
    * EXCLUDE (BilledCost, EffectiveCost, ListCost, ContractedCost, PricingQuantity, ConsumedQuantity,
               CommitmentDiscountQuantity, row_count, list_cost_rows, contracted_cost_rows,
               commitment_quantity_rows),
    sum(BilledCost)                                   AS BilledCost,
    sum(EffectiveCost)                                AS EffectiveCost,
    sum(ListCost)                                     AS ListCost,
    sum(ContractedCost)                               AS ContractedCost,
    sum(PricingQuantity)                              AS PricingQuantity,
    sum(ConsumedQuantity)                             AS ConsumedQuantity,
    sum(CommitmentDiscountQuantity)                   AS CommitmentDiscountQuantity,
    CAST(sum(row_count) AS BIGINT)                    AS row_count,
    CAST(sum(list_cost_rows) AS BIGINT)               AS list_cost_rows,
    CAST(sum(contracted_cost_rows) AS BIGINT)         AS contracted_cost_rows,
    CAST(sum(commitment_quantity_rows) AS BIGINT)     AS commitment_quantity_rows
FROM stg_billing__grouped
GROUP BY ALL

-- int_charges__monthly: the owned roll-up summed over the usage day, for everything that
-- reports by finance month (allocation, chargeback, variance, compliance, commitments by
-- month): about a thirtieth of the lines of int_charges__rolled_up, which keeps the day.
-- Grain: one row per finance month (billing_month) and every other column of
-- int_charges__rolled_up but the charge period and its day. Cost basis: both, exact DECIMAL
-- sums; row_count and *_rows count charge rows as in the roll-up. last_usage_date: the newest
-- day-long charge period among the line's charges (a month still in progress shows it).
-- Input: int_charges__rolled_up. Warehouse.materialize keeps it as a table beside it.
SELECT
    * EXCLUDE (ChargePeriodStart, ChargePeriodEnd, charge_date,
               BilledCost, EffectiveCost, ListCost, ContractedCost, PricingQuantity, ConsumedQuantity,
               CommitmentDiscountQuantity, row_count, list_cost_rows, contracted_cost_rows,
               commitment_quantity_rows, latest_charge_end),
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
    CAST(sum(commitment_quantity_rows) AS BIGINT)     AS commitment_quantity_rows,
    max(latest_charge_end)                            AS latest_charge_end,
    max(charge_date) FILTER (WHERE ChargePeriodEnd = ChargePeriodStart + INTERVAL '1' DAY) AS last_usage_date
FROM int_charges__rolled_up
GROUP BY ALL

-- commitments_by_commitment_month: what each commitment cost, how much of it was used, and
-- the on-demand equivalent of the usage it covered.
-- Grain: one row per commitment (CommitmentDiscountId) per billing month
-- (billing_month, from BillingPeriodStart).
-- Cost basis: billed_cost (BilledCost: the purchase payments invoiced that month; covered
-- usage bills 0) and effective_cost (EffectiveCost: the amortized commitment, = used_cost +
-- unused_cost) side by side, billing currency.
-- used_*/unused_*: rows with CommitmentDiscountStatus 'Used' / 'Unused'; *_quantity in
-- CommitmentDiscountQuantity (commitment_unit; NULL when the rows mix units), with
-- quantity_missing_rows counting Used/Unused rows without a quantity (utilization then
-- falls back to EffectiveCost). covered_list_cost / covered_contracted_cost: ListCost /
-- ContractedCost of the Used rows, the on-demand equivalent of the covered usage (NULL
-- when a Used row lacks that column, rather than a sum that silently leaves it out).
-- Input: int_charges__monthly (rows with a CommitmentDiscountId; row_count and *_rows
-- count the charge rows behind each line).
WITH commitment_rows AS (
    SELECT
        CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_month,
        ProviderName, CommitmentDiscountId, CommitmentDiscountName, CommitmentDiscountType,
        CommitmentDiscountCategory, BilledCost, EffectiveCost,
        CASE WHEN CommitmentDiscountStatus IN ('Used', 'Unused') THEN CommitmentDiscountUnit END AS status_unit,
        CASE WHEN CommitmentDiscountStatus IN ('Used', 'Unused')
             THEN row_count - commitment_quantity_rows ELSE 0 END                            AS quantity_missing,
        CASE WHEN CommitmentDiscountStatus = 'Used' THEN CommitmentDiscountQuantity END      AS used_quantity,
        CASE WHEN CommitmentDiscountStatus = 'Unused' THEN CommitmentDiscountQuantity END    AS unused_quantity,
        CASE WHEN CommitmentDiscountStatus = 'Used' THEN EffectiveCost END                   AS used_cost,
        CASE WHEN CommitmentDiscountStatus = 'Unused' THEN EffectiveCost END                 AS unused_cost,
        CASE WHEN CommitmentDiscountStatus = 'Used' THEN row_count ELSE 0 END                AS used_row,
        CASE WHEN CommitmentDiscountStatus = 'Used' THEN ListCost END                        AS covered_list,
        CASE WHEN CommitmentDiscountStatus = 'Used' THEN list_cost_rows ELSE 0 END           AS covered_list_rows,
        CASE WHEN CommitmentDiscountStatus = 'Used' THEN ContractedCost END                  AS covered_contracted,
        CASE WHEN CommitmentDiscountStatus = 'Used' THEN contracted_cost_rows ELSE 0 END     AS covered_contracted_rows
    FROM int_charges__monthly
    WHERE CommitmentDiscountId IS NOT NULL
)
SELECT
    billing_month,
    ProviderName                                            AS provider,
    CommitmentDiscountId                                    AS commitment_id,
    max(CommitmentDiscountName)                             AS commitment_name,
    max(CommitmentDiscountType)                             AS commitment_type,
    max(CommitmentDiscountCategory)                         AS commitment_category,
    CASE WHEN count(DISTINCT status_unit) = 1 THEN max(status_unit) END AS commitment_unit,
    coalesce(sum(used_quantity), 0)                         AS used_quantity,
    coalesce(sum(unused_quantity), 0)                       AS unused_quantity,
    sum(quantity_missing)                                   AS quantity_missing_rows,
    CAST(coalesce(sum(used_cost), 0) AS DECIMAL(38, 10))    AS used_cost,
    CAST(coalesce(sum(unused_cost), 0) AS DECIMAL(38, 10))  AS unused_cost,
    CASE WHEN sum(covered_list_rows) = sum(used_row)
         THEN CAST(coalesce(sum(covered_list), 0) AS DECIMAL(38, 10)) END       AS covered_list_cost,
    CASE WHEN sum(covered_contracted_rows) = sum(used_row)
         THEN CAST(coalesce(sum(covered_contracted), 0) AS DECIMAL(38, 10)) END AS covered_contracted_cost,
    CAST(coalesce(sum(BilledCost), 0) AS DECIMAL(38, 10))   AS billed_cost,
    CAST(coalesce(sum(EffectiveCost), 0) AS DECIMAL(38, 10)) AS effective_cost
FROM commitment_rows
GROUP BY billing_month, ProviderName, CommitmentDiscountId
ORDER BY billing_month, provider, commitment_id

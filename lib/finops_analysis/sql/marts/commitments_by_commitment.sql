-- commitments_by_commitment: each commitment's term (where the data shows it) and its
-- recent cost and covered usage, for the expiring-commitments list.
-- Grain: one row per commitment (CommitmentDiscountId).
-- term_start / term_end: the charge period of its one-time (upfront) purchase, end
-- exclusive; NULL when it is bought by recurring payments only (FOCUS 1.2 carries no term
-- end then). first_usage_date / last_usage_date: its first and last day with a Used or
-- Unused row in the whole data.
-- Window columns: Used/Unused rows whose usage day (ChargePeriodStart) is in
-- [$window_start, $window_end): window_days (days with such a row), used_cost and
-- unused_cost (EffectiveCost), covered_list_cost and covered_contracted_cost (ListCost /
-- ContractedCost of the Used rows: the on-demand equivalent of what it covers; NULL when a
-- Used row lacks that column).
-- Cost basis: EffectiveCost (amortized) and the on-demand equivalents, billing currency.
-- Input: stg_billing__rolled_up (row_count and *_rows count the charge rows behind a line).
WITH commitment_rows AS (
    SELECT
        ProviderName, CommitmentDiscountId, CommitmentDiscountName, CommitmentDiscountType,
        CommitmentDiscountCategory, CommitmentDiscountStatus, EffectiveCost, ListCost, ContractedCost,
        row_count, list_cost_rows, contracted_cost_rows,
        CAST(ChargePeriodStart AS DATE) AS charge_date,
        CASE WHEN ChargeCategory = 'Purchase' AND ChargeFrequency = 'One-Time'
             THEN ChargePeriodStart END                                    AS upfront_start,
        CASE WHEN ChargeCategory = 'Purchase' AND ChargeFrequency = 'One-Time'
             THEN ChargePeriodEnd END                                      AS upfront_end,
        CommitmentDiscountStatus IN ('Used', 'Unused')
            AND CAST(ChargePeriodStart AS DATE) >= CAST($window_start AS DATE)
            AND CAST(ChargePeriodStart AS DATE) < CAST($window_end AS DATE) AS in_window
    FROM stg_billing__rolled_up
    WHERE CommitmentDiscountId IS NOT NULL
),
measured AS (
    SELECT
        *,
        CASE WHEN CommitmentDiscountStatus IN ('Used', 'Unused') THEN charge_date END AS usage_date,
        CASE WHEN in_window THEN charge_date END                                      AS window_date,
        CASE WHEN in_window AND CommitmentDiscountStatus = 'Used' THEN EffectiveCost END   AS used_cost,
        CASE WHEN in_window AND CommitmentDiscountStatus = 'Unused' THEN EffectiveCost END AS unused_cost,
        CASE WHEN in_window AND CommitmentDiscountStatus = 'Used' THEN row_count ELSE 0 END AS used_row,
        CASE WHEN in_window AND CommitmentDiscountStatus = 'Used' THEN ListCost END        AS covered_list,
        CASE WHEN in_window AND CommitmentDiscountStatus = 'Used' THEN list_cost_rows ELSE 0 END AS covered_list_rows,
        CASE WHEN in_window AND CommitmentDiscountStatus = 'Used' THEN contracted_cost_rows ELSE 0 END
                                                                                          AS covered_contracted_rows,
        CASE WHEN in_window AND CommitmentDiscountStatus = 'Used' THEN ContractedCost END  AS covered_contracted
    FROM commitment_rows
)
SELECT
    ProviderName                                            AS provider,
    CommitmentDiscountId                                    AS commitment_id,
    max(CommitmentDiscountName)                             AS commitment_name,
    max(CommitmentDiscountType)                             AS commitment_type,
    max(CommitmentDiscountCategory)                         AS commitment_category,
    CAST(min(upfront_start) AS DATE)                        AS term_start,
    CAST(max(upfront_end) AS DATE)                          AS term_end,
    min(usage_date)                                         AS first_usage_date,
    max(usage_date)                                         AS last_usage_date,
    count(DISTINCT window_date)                             AS window_days,
    CAST(coalesce(sum(used_cost), 0) AS DECIMAL(38, 10))    AS used_cost,
    CAST(coalesce(sum(unused_cost), 0) AS DECIMAL(38, 10))  AS unused_cost,
    CASE WHEN sum(covered_list_rows) = sum(used_row)
         THEN CAST(coalesce(sum(covered_list), 0) AS DECIMAL(38, 10)) END       AS covered_list_cost,
    CASE WHEN sum(covered_contracted_rows) = sum(used_row)
         THEN CAST(coalesce(sum(covered_contracted), 0) AS DECIMAL(38, 10)) END AS covered_contracted_cost
FROM measured
GROUP BY ProviderName, CommitmentDiscountId
ORDER BY provider, commitment_id

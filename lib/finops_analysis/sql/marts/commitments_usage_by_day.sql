-- commitments_usage_by_day: usage split by what paid for it (a commitment type, or
-- on-demand), by commitment status and by commitment eligibility. The input of coverage,
-- of the effective savings rate and of the what-if usage profile.
-- Grain: one row per usage day (charge_date, from ChargePeriodStart, UTC) per billing month
-- (billing_month, from BillingPeriodStart) per provider per commitment type (NULL = not
-- covered) per CommitmentDiscountStatus ('Used', 'Unused', NULL) per eligible flag (with
-- eligible_subcategory, the ServiceSubcategory of eligible rows, NULL for the others) per
-- daily_period flag (false for rows whose charge period is longer than a day, such as
-- monthly support fees; they sit on the first day of their period).
-- Only usage rows (ChargeCategory 'Usage'): purchases, tax and credits are left out.
-- Cost basis: billed_cost, effective_cost, list_cost and contracted_cost side by side,
-- billing currency.
-- Eligibility: a usage row is commitment-eligible when its (ServiceSubcategory,
-- PricingUnit) pair is one that commitments covered somewhere in the data (a row with
-- CommitmentDiscountStatus 'Used'). With $eligible_scope = 'any_provider' a pair covered at
-- any provider counts (Azure SQL databases are eligible because reserved databases exist
-- and were bought at another provider); with 'same_provider' only pairs covered at the
-- row's own provider. Unused commitment rows are never eligible usage (nothing was
-- consumed).
-- Input: stg_billing__rolled_up.
WITH usage_rows AS (
    SELECT
        CAST(ChargePeriodStart AS DATE)                         AS charge_date,
        CAST(date_trunc('month', BillingPeriodStart) AS DATE)   AS billing_month,
        ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY   AS daily_period,
        ProviderName, ServiceSubcategory, PricingUnit, CommitmentDiscountStatus,
        CASE WHEN CommitmentDiscountId IS NOT NULL THEN coalesce(CommitmentDiscountType, 'Commitment') END
                                                                AS commitment_type,
        BilledCost, EffectiveCost, ListCost, ContractedCost, row_count
    FROM stg_billing__rolled_up
    WHERE ChargeCategory = 'Usage'
),
covered_kinds AS (
    SELECT DISTINCT
        CASE WHEN $eligible_scope = 'same_provider' THEN ProviderName END AS provider_scope,
        ServiceSubcategory, PricingUnit
    FROM usage_rows
    WHERE CommitmentDiscountStatus = 'Used'
),
flagged AS (
    SELECT
        u.*,
        coalesce(u.CommitmentDiscountStatus, '') <> 'Unused' AND EXISTS (
            SELECT 1 FROM covered_kinds AS k
            WHERE k.ServiceSubcategory IS NOT DISTINCT FROM u.ServiceSubcategory
              AND k.PricingUnit IS NOT DISTINCT FROM u.PricingUnit
              AND (k.provider_scope IS NULL OR k.provider_scope IS NOT DISTINCT FROM u.ProviderName)
        ) AS eligible
    FROM usage_rows AS u
)
SELECT
    charge_date,
    billing_month,
    ProviderName                                    AS provider,
    commitment_type,
    CommitmentDiscountStatus                        AS commitment_status,
    eligible,
    CASE WHEN eligible THEN ServiceSubcategory END  AS eligible_subcategory,
    daily_period,
    sum(row_count)                                  AS row_count,
    CAST(sum(BilledCost) AS DECIMAL(38, 10))        AS billed_cost,
    CAST(sum(EffectiveCost) AS DECIMAL(38, 10))     AS effective_cost,
    CAST(sum(ListCost) AS DECIMAL(38, 10))          AS list_cost,
    CAST(sum(ContractedCost) AS DECIMAL(38, 10))    AS contracted_cost
FROM flagged
GROUP BY charge_date, billing_month, ProviderName, commitment_type, CommitmentDiscountStatus, eligible,
         CASE WHEN eligible THEN ServiceSubcategory END, daily_period
ORDER BY charge_date, billing_month, provider, commitment_type NULLS FIRST, commitment_status NULLS FIRST,
         eligible, eligible_subcategory NULLS FIRST, daily_period

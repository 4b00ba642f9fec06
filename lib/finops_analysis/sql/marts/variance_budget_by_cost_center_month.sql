-- variance_budget_by_cost_center_month: each cost center's monthly budget next to the
-- cost it owns directly, compared like with like.
-- Grain: one row per billing month per cost center, over every month that has a budget
-- or charges (future budget months included, with has_actuals = false).
-- Cost basis: budgets are set in EffectiveCost terms on direct cost (each team's own
-- charges, before shared pools are spread), so effective_cost is the figure to compare;
-- billed_cost is given for reference only. DECIMAL sums rounded to cents.
-- Month: the billing period (BillingPeriodStart).
-- Parameters: $unowned_cost_center: the cost center that budgets the charges no team can
-- own (tax, credits, commitment purchases, unused commitments, support fees) when no rule
-- claims them; NULL keeps them under 'Unallocated'. Usage nobody claimed stays
-- 'Unallocated' either way: it has no budget, and showing it keeps the total whole.
-- Inputs: int_charges__monthly, stg_budgets.
WITH direct AS (
    SELECT
        billing_month,
        CASE
            WHEN team = 'Unallocated'
             AND (ChargeCategory <> 'Usage'
                  OR CommitmentDiscountStatus = 'Unused'
                  OR ServiceSubcategory = 'Support')
            THEN coalesce($unowned_cost_center, 'Unallocated')
            ELSE coalesce(cost_center, '(no cost center)')
        END                  AS cost_center,
        sum(BilledCost)      AS billed_cost,
        sum(EffectiveCost)   AS effective_cost
    FROM int_charges__monthly
    GROUP BY 1, 2
),
budgets AS (
    SELECT budget_month AS billing_month, cost_center, sum(budget_amount) AS budget_amount
    FROM stg_budgets
    WHERE budget_month IS NOT NULL
    GROUP BY 1, 2
),
last_month AS (
    SELECT max(billing_month) AS billing_month FROM int_charges__monthly
),
keys AS (
    SELECT billing_month, cost_center FROM direct
    UNION
    SELECT billing_month, cost_center FROM budgets
)
SELECT
    k.billing_month,
    k.cost_center,
    CAST(round(b.budget_amount, 2) AS DECIMAL(18, 2))                    AS budget_amount,
    -- NULL, not 0, for months the data does not reach yet
    CASE WHEN k.billing_month <= l.billing_month
         THEN CAST(round(coalesce(d.effective_cost, 0), 2) AS DECIMAL(18, 2)) END AS effective_cost,
    CASE WHEN k.billing_month <= l.billing_month
         THEN CAST(round(coalesce(d.billed_cost, 0), 2) AS DECIMAL(18, 2)) END    AS billed_cost,
    coalesce(k.billing_month <= l.billing_month, false)                           AS has_actuals
FROM keys AS k
LEFT JOIN direct AS d ON d.billing_month = k.billing_month AND d.cost_center = k.cost_center
LEFT JOIN budgets AS b ON b.billing_month = k.billing_month AND b.cost_center = k.cost_center
CROSS JOIN last_month AS l
ORDER BY k.billing_month, k.cost_center

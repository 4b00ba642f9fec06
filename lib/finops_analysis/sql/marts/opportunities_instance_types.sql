-- opportunities_instance_types: the virtual machine and database instance types in use,
-- to spot previous-generation families.
-- Grain: one row per provider, instance type (SkuPriceDetails.InstanceType), sub-account,
-- service and owner team.
-- Cost basis: EffectiveCost and ListCost of usage rows (unused commitment capacity left out)
-- whose usage day is in [$window_start, $window_end); quantity in the pricing unit (hours).
-- Input: int_charges__rolled_up. Prices to compare with: opportunities_instance_prices.
WITH typed AS (
    SELECT *, json_extract_string(SkuPriceDetails, '$.InstanceType') AS instance_type
    FROM int_charges__rolled_up
    WHERE ChargeCategory = 'Usage' AND SkuPriceDetails IS NOT NULL
      AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused'
),
used AS (
    SELECT
        ProviderName, instance_type,
        coalesce(SubAccountName, SubAccountId) AS sub_account,
        ServiceName                            AS service,
        team,
        any_value(PricingUnit)                 AS pricing_unit,
        CAST(sum(PricingQuantity) AS DOUBLE)   AS quantity,
        CAST(sum(EffectiveCost) AS DOUBLE)     AS effective_cost,
        CAST(sum(ListCost) AS DOUBLE)          AS list_cost
    FROM typed
    WHERE instance_type IS NOT NULL
      AND charge_date >= CAST($window_start AS DATE) AND charge_date < CAST($window_end AS DATE)
    GROUP BY ALL
)
SELECT
    ProviderName AS provider, instance_type, sub_account, service, team, pricing_unit,
    quantity, effective_cost, list_cost
FROM used

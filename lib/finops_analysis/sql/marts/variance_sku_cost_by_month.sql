-- variance_sku_cost_by_month: quantity and cost of each SKU, the inputs of the price /
-- volume / mix split.
-- Grain: one row per billing month per provider, team, service, SKU and pricing unit, for
-- billing months from $month_from to $month_to (inclusive, DATE, first of the month).
-- A SKU is its SkuId (the product, e.g. one database size), not its SkuPriceId: a price
-- change issues a new SkuPriceId for the same SkuId, and keying on SkuPriceId would turn
-- every price change into a retired and a new SKU instead of a price effect.
-- Rows without a SkuId or without a non-zero PricingQuantity (tax, support fees, credits,
-- purchases) are kept with sku_id and pricing_quantity NULL, so the split still adds up
-- to the total change.
-- Month: the billing period. Cost basis: billed_cost and effective_cost; DECIMAL sums.
-- Inputs: int_charges__monthly.
WITH keyed AS (
    SELECT
        billing_month,
        ProviderName                                   AS provider,
        team,
        coalesce(ServiceName, '(no service)')          AS service,
        CASE WHEN SkuId IS NOT NULL AND coalesce(PricingQuantity, 0) <> 0
             THEN SkuId END                            AS sku_id,
        PricingUnit,
        PricingQuantity,
        BilledCost,
        EffectiveCost
    FROM int_charges__monthly
    WHERE billing_month BETWEEN $month_from AND $month_to
)
SELECT
    billing_month,
    provider,
    team,
    service,
    sku_id,
    CASE WHEN sku_id IS NOT NULL THEN coalesce(PricingUnit, '') END       AS pricing_unit,
    sum(CASE WHEN sku_id IS NOT NULL THEN PricingQuantity END)            AS pricing_quantity,
    sum(BilledCost)                                                       AS billed_cost,
    sum(EffectiveCost)                                                    AS effective_cost
FROM keyed
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6

-- stg_billing__rolled_up: the charges summed over what only a resource has (its id, name,
-- type and zone, the charge description, split-cost and capacity-reservation details),
-- keeping every column the analyses group by, the tags text included.
-- Grain: one row per usage day (ChargePeriodStart/End), billing period, account, invoice,
-- sub-account, region, service, SKU and price, charge and pricing category, commitment and
-- Tags text. Cost basis: both; costs and quantities are exact DECIMAL sums; row_count counts
-- the charge rows, *_rows how many of them carry that column (so "every row has it" checks
-- still work on sums).
-- Input: stg_billing. Computed once per warehouse (and once per pack, cached on disk):
-- the one full scan of the billing rows the analyses need.
SELECT
    BillingPeriodStart, BillingPeriodEnd, ChargePeriodStart, ChargePeriodEnd,
    ProviderName, PublisherName, InvoiceIssuerName,
    BillingAccountId, BillingAccountName, BillingAccountType, BillingCurrency, InvoiceId,
    SubAccountId, SubAccountName, SubAccountType, RegionId, RegionName,
    ServiceName, ServiceCategory, ServiceSubcategory,
    SkuId, SkuPriceId, SkuPriceDetails, PricingUnit, ConsumedUnit, ListUnitPrice, ContractedUnitPrice,
    ChargeCategory, ChargeClass, ChargeFrequency, PricingCategory,
    CommitmentDiscountId, CommitmentDiscountName, CommitmentDiscountType, CommitmentDiscountCategory,
    CommitmentDiscountStatus, CommitmentDiscountUnit,
    Tags,
    sum(BilledCost)                      AS BilledCost,
    sum(EffectiveCost)                   AS EffectiveCost,
    sum(ListCost)                        AS ListCost,
    sum(ContractedCost)                  AS ContractedCost,
    sum(PricingQuantity)                 AS PricingQuantity,
    sum(ConsumedQuantity)                AS ConsumedQuantity,
    sum(CommitmentDiscountQuantity)      AS CommitmentDiscountQuantity,
    count(*)                             AS row_count,
    count(ListCost)                      AS list_cost_rows,
    count(ContractedCost)                AS contracted_cost_rows,
    count(CommitmentDiscountQuantity)    AS commitment_quantity_rows
FROM stg_billing
GROUP BY ALL

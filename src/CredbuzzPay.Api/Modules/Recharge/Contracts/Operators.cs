namespace CredbuzzPay.Api.Modules.Recharge.Contracts;

/// <summary>The operators recharges are sold for (seed 002 "Multi-provider support"): four mobile networks and four DTH services.</summary>
public static class Operators
{
    public static readonly IReadOnlyList<(string Code, string Name, string Kind)> All =
    [
        ("AIRTEL", "Airtel", "mobile"),
        ("JIO", "Jio", "mobile"),
        ("VI", "Vi", "mobile"),
        ("BSNL", "BSNL", "mobile"),
        ("TATAPLAY", "Tata Play", "dth"),
        ("AIRTELDTH", "Airtel Digital TV", "dth"),
        ("DISHTV", "Dish TV", "dth"),
        ("SUNDIRECT", "Sun Direct", "dth"),
    ];

    public static bool IsKnown(string? code) => code is not null && All.Any(o => o.Code == code);
}

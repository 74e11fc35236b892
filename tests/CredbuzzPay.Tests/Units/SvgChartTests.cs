using System.Text.RegularExpressions;
using CredbuzzPay.Api.Platform.AdminPages;

namespace CredbuzzPay.Tests.Units;

public sealed partial class SvgChartTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(8, 2)]
    [InlineData(9, 5)]
    [InlineData(20, 5)]
    [InlineData(21, 10)]
    [InlineData(400, 100)]
    [InlineData(401, 200)]
    public void TheAxisStep_IsTheSmallestOneTwoOrFiveTimesAPowerOfTenWhoseFourStepsReachTheTop(long max, long step)
    {
        Assert.Equal(step, SvgCharts.NiceStep(max));
    }

    [Fact]
    public void Bars_AreDrawnToScale_Stacked_EncodedAndWithoutInlineStyle()
    {
        // Tallest stack 3: step 1, axis 0..4. The plot is 200 - 28 (labels) - 8 (top) = 164 units tall, so 3 is 123 and 1 is 41.
        var chart = new DashboardChart("Test <chart>", ["a", "b"], [new ChartBar("Mon", [3]), new ChartBar("<Tue>", [1, 2])]);

        var svg = SvgCharts.Render(chart).ToString()!;

        var heights = Height().Matches(svg).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["123", "41", "82"], heights);
        Assert.Contains("class=\"s1\"", svg, StringComparison.Ordinal);
        Assert.Contains("&lt;Tue&gt;", svg, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Test &lt;chart&gt;\"", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<Tue>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("style", svg, StringComparison.Ordinal);
        Assert.Equal(["0", "1", "2", "3", "4"], Ticks().Matches(svg).Select(m => m.Groups[1].Value).ToList());
    }

    [GeneratedRegex("<rect [^>]*height=\"([0-9.]+)\"")]
    private static partial Regex Height();

    [GeneratedRegex("text-anchor=\"end\">([0-9]+)</text>")]
    private static partial Regex Ticks();
}

using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using CredbuzzPay.Api.Platform.Database;
using Microsoft.AspNetCore.Html;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>
/// A chart on the console's dashboard, contributed by the module that owns its data. It shows only to
/// those whom <see cref="Rule"/> (an API endpoint's rule) lets in, and reads only what the caller may
/// read (a branch admin's counts are their branch's); null when it has nothing the caller may see.
/// </summary>
public interface IDashboardPanel
{
    string Rule { get; }

    int Order { get; }

    Task<DashboardChart?> LoadAsync(AppDb db, ClaimsPrincipal user, DateTime now, CancellationToken cancellationToken);
}

/// <summary>One bar of a chart: its label and one value per series (stacked).</summary>
public sealed record ChartBar(string Label, IReadOnlyList<long> Values);

/// <summary>A chart: title, the series' names (the legend), the bars, and a line of totals under it.</summary>
public sealed record DashboardChart(string Title, IReadOnlyList<string> Series, IReadOnlyList<ChartBar> Bars, string? Summary = null);

/// <summary>
/// Draws a <see cref="DashboardChart"/> as SVG on the server: stacked bars, a value axis, every tenth label,
/// a title on each bar for the exact figure. No script and no inline style: colours come from the
/// console's stylesheet by class (<c>s0</c>, <c>s1</c>, ...), so the strict content-security policy holds.
/// </summary>
public static class SvgCharts
{
    private const int Width = 640;
    private const int Height = 200;
    private const int Left = 44;
    private const int Bottom = 28;
    private const int Top = 8;

    public static IHtmlContent Render(DashboardChart chart)
    {
        var encoder = HtmlEncoder.Default;
        var max = Math.Max(1, chart.Bars.Count == 0 ? 1 : chart.Bars.Max(b => b.Values.Sum()));
        var step = NiceStep(max);
        var scale = step * 4;
        var plotHeight = Height - Bottom - Top;
        var slot = chart.Bars.Count == 0 ? 0 : (double)(Width - Left - 4) / chart.Bars.Count;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{encoder.Encode(chart.Title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (var tick = 0; tick <= 4; tick++)
        {
            var value = step * tick;
            var y = Top + plotHeight - (double)plotHeight * tick / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{value}</text>");
        }
        for (var i = 0; i < chart.Bars.Count; i++)
        {
            var bar = chart.Bars[i];
            var x = Left + 2 + (i * slot);
            var width = Math.Max(1, slot * 0.8);
            double stacked = 0;
            for (var s = 0; s < bar.Values.Count; s++)
            {
                var value = bar.Values[s];
                if (value <= 0)
                {
                    continue;
                }
                var h = (double)plotHeight * value / scale;
                var y = Top + plotHeight - stacked - h;
                var series = s < chart.Series.Count ? chart.Series[s] : "";
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"s{s}\" x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{width:0.##}\" height=\"{h:0.##}\"><title>{encoder.Encode(bar.Label)}: {value} {encoder.Encode(series)}</title></rect>");
                stacked += h;
            }
            var every = Math.Max(1, (int)Math.Ceiling(chart.Bars.Count / 8.0));
            if (i % every == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{x + (width / 2):0.#}\" y=\"{Height - 10}\" text-anchor=\"middle\">{encoder.Encode(bar.Label)}</text>");
            }
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>The value axis' step: the smallest 1, 2 or 5 times a power of ten whose four steps reach <paramref name="max"/> (whole numbers on every tick).</summary>
    public static long NiceStep(long max)
    {
        for (long magnitude = 1; ; magnitude *= 10)
        {
            foreach (var step in new long[] { 1, 2, 5 })
            {
                if (step * magnitude * 4 >= max)
                {
                    return step * magnitude;
                }
            }
        }
    }
}

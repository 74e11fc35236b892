using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

/// <summary>A payment's one-page receipt, written with PdfPig (docs/adr/007); the customer parameters as masked as in every answer.</summary>
internal static class ReceiptPdf
{
    public static byte[] Write(PaymentView payment)
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A5);
        var y = 540.0;
        void Line(string label, string value)
        {
            page.AddText(Safe(label), 10, new PdfPoint(36, y), bold);
            page.AddText(Safe(value), 10, new PdfPoint(170, y), regular);
            y -= 18;
        }
        page.AddText("CredbuzzPay - Bill payment receipt", 14, new PdfPoint(36, y), bold);
        y -= 30;
        Line("Payment", payment.PaymentId);
        Line("Reference", payment.Reference);
        Line("Biller", $"{payment.Biller.Name} ({payment.Biller.BillerId})");
        foreach (var (name, value) in payment.CustomerParams)
        {
            Line(name.Replace('_', ' '), value);
        }
        Line("Amount", "INR " + payment.Amount);
        Line("Platform fee", "INR " + payment.Fee);
        Line("Total", "INR " + payment.Total);
        Line("Paid from", payment.PayFrom);
        Line("Status", payment.Status);
        if (payment.BillerRef is not null)
        {
            Line("Biller reference", payment.BillerRef);
        }
        Line("Paid at (UTC)", payment.PaidAt?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        return builder.Build();
    }

    /// <summary>The standard PDF fonts carry Latin-1 only: anything else is shown as '?'.</summary>
    private static string Safe(string text) => new(text.Select(c => c is >= ' ' and <= '~' or >= '\u00A0' and <= '\u00FF' ? c : '?').ToArray());
}

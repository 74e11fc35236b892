using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Modules.Kyc.Features;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Kyc.Pages;

/// <summary><c>/admin/kyc/documents/{id}</c>: a document for the case page, under the API's own rule for who may read it.</summary>
[ApiRule("GET /api/v1/kyc/documents/{documentId:guid}")]
internal sealed class DocumentModel : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, [FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] DocumentStore files,
        CancellationToken cancellationToken)
    {
        var (bytes, contentType, fileName) = await KycEndpoints.ReadDocumentAsync(id, User, db, users, files, cancellationToken);
        // Shown in the page (images) or saved (PDFs); never sniffed, never kept.
        Response.Headers.ContentDisposition = contentType.StartsWith("image/", StringComparison.Ordinal) ? $"inline; filename=\"{fileName}\"" : $"attachment; filename=\"{fileName}\"";
        return File(bytes, contentType);
    }
}

using System.Net;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting.Web;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications.Escalation;

/// <summary>
/// The two links in mail. A GET only shows a page with a button (mail scanners and link previews
/// follow GETs, and must change nothing); the POST acts. The unsubscribe POST is RFC 8058's
/// one-click: a mail client posts <c>List-Unsubscribe=One-Click</c> with no cookie and no form token.
/// </summary>
public static class LinkEndpoints
{
    public static WebApplication MapNotificationLinks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Public: a recipient follows them from mail without signing in; the signed token is the
        // credential. Pages for people, not part of the API document.
        var links = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        links.MapGet("/unsubscribe/{token}", async (string token, LinkSigner signer, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            var recipient = await FindRecipientAsync(signer, db, token, ct);
            if (recipient is null)
            {
                return Page(HttpStatusCode.NotFound, "en", Texts.En.InvalidTitle, Texts.En.InvalidBody, form: null);
            }

            var t = Texts.For(recipient.Value.Language);
            return recipient.Value.Recipient.UnsubscribedAtUtc is not null
                ? Page(HttpStatusCode.OK, recipient.Value.Language, t.UnsubscribedTitle, string.Format(System.Globalization.CultureInfo.InvariantCulture, t.UnsubscribedBody, recipient.Value.Recipient.Address), form: null)
                : Page(HttpStatusCode.OK, recipient.Value.Language, t.UnsubscribeTitle, string.Format(System.Globalization.CultureInfo.InvariantCulture, t.UnsubscribeBody, recipient.Value.Recipient.Address, recipient.Value.DepartmentName), form: t.UnsubscribeButton);
        });
        links.MapPost("/unsubscribe/{token}", async (string token, LinkSigner signer, AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var recipient = await FindRecipientAsync(signer, db, token, ct);
            if (recipient is null)
            {
                return Page(HttpStatusCode.NotFound, "en", Texts.En.InvalidTitle, Texts.En.InvalidBody, form: null);
            }

            using (await gate.EnterAsync(db, ct))
            {
                var id = recipient.Value.Recipient.Id;
                var now = time.GetUtcNow();
                await db.InTransactionAsync(
                    async c =>
                    {
                        var unsubscribed = await db.Set<Recipient>().Where(r => r.Id == id && r.UnsubscribedAtUtc == null)
                            .ExecuteUpdateAsync(set => set.SetProperty(r => r.UnsubscribedAtUtc, now), c);
                        if (unsubscribed > 0)
                        {
                            // The link is the credential: whoever holds the recipient's mail.
                            audit.Add("link:unsubscribe", "recipients.unsubscribed", $"recipient:{id}", $"{recipient.Value.Recipient.Address} subscribed", "unsubscribed");
                            await db.SaveChangesAsync(c);
                        }

                        return unsubscribed;
                    },
                    ct);
            }

            var t = Texts.For(recipient.Value.Language);
            return Page(HttpStatusCode.OK, recipient.Value.Language, t.UnsubscribedTitle, string.Format(System.Globalization.CultureInfo.InvariantCulture, t.UnsubscribedBody, recipient.Value.Recipient.Address), form: null);
        }).DisableAntiforgery();

        links.MapGet("/ack/{token}", async (string token, LinkSigner signer, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            var found = await FindDeliveryAsync(signer, db, token, ct);
            if (found is null)
            {
                return Page(HttpStatusCode.NotFound, "en", Texts.En.InvalidTitle, Texts.En.InvalidBody, form: null);
            }

            var (delivery, title, language) = found.Value;
            var t = Texts.For(language);
            var existing = await db.Set<Acknowledgement>().AsNoTracking().SingleOrDefaultAsync(a => a.ChangeId == delivery.ChangeId && a.DepartmentId == delivery.DepartmentId, ct);
            return existing is not null
                ? Page(HttpStatusCode.OK, language, t.AcknowledgedTitle, Acknowledged(t, existing), form: null)
                : Page(HttpStatusCode.OK, language, t.AcknowledgeTitle, string.Format(System.Globalization.CultureInfo.InvariantCulture, t.AcknowledgeBody, title), form: t.AcknowledgeButton);
        });
        links.MapPost("/ack/{token}", async (string token, LinkSigner signer, AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var found = await FindDeliveryAsync(signer, db, token, ct);
            if (found is null)
            {
                return Page(HttpStatusCode.NotFound, "en", Texts.En.InvalidTitle, Texts.En.InvalidBody, form: null);
            }

            var (delivery, _, language) = found.Value;
            using (await gate.EnterAsync(db, ct))
            {
                var known = await db.Set<Acknowledgement>().AnyAsync(a => a.ChangeId == delivery.ChangeId && a.DepartmentId == delivery.DepartmentId, ct);
                if (!known)
                {
                    db.Add(new Acknowledgement
                    {
                        Id = Guid.CreateVersion7(time.GetUtcNow()),
                        ChangeId = delivery.ChangeId,
                        DepartmentId = delivery.DepartmentId,
                        DeliveryId = delivery.Id,
                        Address = delivery.Address,
                        AcknowledgedAtUtc = time.GetUtcNow(),
                    });
                    audit.Add("link:ack", "changes.acknowledged", $"change:{delivery.ChangeId}", null, $"{delivery.DepartmentId} by {delivery.Address}");
                    try
                    {
                        await db.SaveChangesAsync(ct);
                    }
                    catch (DbUpdateException)
                    {
                        // Someone else in the department acknowledged it at the same moment: theirs stands.
                        db.ChangeTracker.Clear();
                    }
                }
            }

            var t = Texts.For(language);
            var ack = await db.Set<Acknowledgement>().AsNoTracking().SingleAsync(a => a.ChangeId == delivery.ChangeId && a.DepartmentId == delivery.DepartmentId, ct);
            return Page(HttpStatusCode.OK, language, t.AcknowledgedTitle, Acknowledged(t, ack), form: null);
        }).DisableAntiforgery();
        return app;
    }

    private static string Acknowledged(Texts t, Acknowledgement ack) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, t.AcknowledgedBody, ack.Address, ack.AcknowledgedAtUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<(Recipient Recipient, string DepartmentName, string Language)?> FindRecipientAsync(LinkSigner signer, AdvisoryWatchDbContext db, string token, CancellationToken ct)
    {
        if (signer.Verify(LinkPurpose.Unsubscribe, token) is not { } id)
        {
            return null;
        }

        var row = await (from r in db.Set<Recipient>().AsNoTracking()
                         join d in db.Set<Department>() on r.DepartmentId equals d.Id
                         where r.Id == id
                         select new { Recipient = r, d.Name, d.Language }).SingleOrDefaultAsync(ct);
        return row is null ? null : (row.Recipient, row.Name, row.Recipient.Language ?? row.Language);
    }

    private static async Task<(Delivery Delivery, string Title, string Language)?> FindDeliveryAsync(LinkSigner signer, AdvisoryWatchDbContext db, string token, CancellationToken ct)
    {
        if (signer.Verify(LinkPurpose.Acknowledge, token) is not { } id)
        {
            return null;
        }

        var row = await (from d in db.Set<Delivery>().AsNoTracking()
                         join v in db.Set<Changes.AdvisoryVersion>() on d.ChangeId equals v.Id
                         join dep in db.Set<Department>() on d.DepartmentId equals dep.Id
                         join r in db.Set<Recipient>() on d.RecipientId equals r.Id
                         where d.Id == id
                         select new { Delivery = d, v.Title, Language = r.Language ?? dep.Language }).SingleOrDefaultAsync(ct);
        return row is null ? null : (row.Delivery, row.Title, row.Language);
    }

    /// <summary>A small self-contained page: no scripts, no remote resources; the form posts back to the same URL.</summary>
    private static IResult Page(HttpStatusCode status, string language, string title, string body, string? form)
    {
        var html = $"""
            <!DOCTYPE html>
            <html lang="{WebUtility.HtmlEncode(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>{WebUtility.HtmlEncode(title)}</title>
            <link rel="stylesheet" href="{SiteAssets.StylesheetPath}"></head>
            <body>
            <h1>{WebUtility.HtmlEncode(title)}</h1>
            <p>{WebUtility.HtmlEncode(body)}</p>
            {(form is null ? "" : $"<form method=\"post\"><button type=\"submit\">{WebUtility.HtmlEncode(form)}</button></form>")}
            <p class="product">AdvisoryWatch</p>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, (int)status);
    }

    private sealed record Texts(
        string InvalidTitle,
        string InvalidBody,
        string UnsubscribeTitle,
        string UnsubscribeBody,
        string UnsubscribeButton,
        string UnsubscribedTitle,
        string UnsubscribedBody,
        string AcknowledgeTitle,
        string AcknowledgeBody,
        string AcknowledgeButton,
        string AcknowledgedTitle,
        string AcknowledgedBody)
    {
        public static readonly Texts En = new(
            "Link not valid",
            "This link is not valid. It may have been copied incompletely.",
            "Unsubscribe?",
            "Stop sending AdvisoryWatch alerts and digests to {0} for {1}?",
            "Unsubscribe",
            "Unsubscribed",
            "{0} will receive no more AdvisoryWatch messages. Ask your security coordinator to add you again.",
            "Acknowledge this alert?",
            "Confirm that your department has seen: {0}",
            "Acknowledge",
            "Acknowledged",
            "Acknowledged by {0} at {1}.");

        private static readonly Texts Nb = new(
            "Ugyldig lenke",
            "Denne lenken er ikke gyldig. Den kan ha blitt kopiert ufullstendig.",
            "Avslutte abonnementet?",
            "Slutte å sende varsler og sammendrag fra AdvisoryWatch til {0} for {1}?",
            "Avslutt abonnement",
            "Abonnementet er avsluttet",
            "{0} får ikke flere meldinger fra AdvisoryWatch. Be sikkerhetskoordinatoren din om å legge deg til igjen.",
            "Bekrefte varselet?",
            "Bekreft at avdelingen har sett: {0}",
            "Bekreft",
            "Bekreftet",
            "Bekreftet av {0} {1}.");

        private static readonly Texts Sv = new(
            "Ogiltig länk",
            "Länken är inte giltig. Den kan ha kopierats ofullständigt.",
            "Avsluta prenumerationen?",
            "Sluta skicka varningar och sammanfattningar från AdvisoryWatch till {0} för {1}?",
            "Avsluta prenumeration",
            "Prenumerationen är avslutad",
            "{0} får inga fler meddelanden från AdvisoryWatch. Be din säkerhetssamordnare att lägga till dig igen.",
            "Bekräfta varningen?",
            "Bekräfta att avdelningen har sett: {0}",
            "Bekräfta",
            "Bekräftad",
            "Bekräftad av {0} {1}.");

        public static Texts For(string language) => language switch
        {
            "nb" => Nb,
            "sv" => Sv,
            _ => En,
        };
    }
}

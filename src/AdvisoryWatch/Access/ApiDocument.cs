using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace AdvisoryWatch.Access;

/// <summary>
/// <c>/openapi/v1.json</c>: every API endpoint with the bearer scheme it needs. The document is
/// not public (it needs a Reader): it describes the API to those who may call it, and the issue's
/// public list has nothing else on it.
/// </summary>
internal static class ApiDocument
{
    public const string SecurityScheme = "bearer";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "AdvisoryWatch";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key made with 'advisorywatch apikeys create', sent as 'Authorization: Bearer aw_...'.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }

                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = [] });
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi().RequireReader();
        return app;
    }
}

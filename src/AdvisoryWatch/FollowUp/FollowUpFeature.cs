using AdvisoryWatch.Access;
using AdvisoryWatch.FollowUp.Pages;
using AdvisoryWatch.Hosting.Web;

namespace AdvisoryWatch.FollowUp;

public static class FollowUpFeature
{
    public static WebApplicationBuilder AddFollowUp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<FollowUps>();
        builder.Services.AddScoped<AssessmentRecorder>();
        builder.Services.AddNavigation(new NavigationEntry("/follow-up", typeof(FollowUpText), "MenuFollowUp", AccessRole.Reader, 30));
        return builder;
    }

    public static WebApplication MapFollowUp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapAssessmentsApi();
    }
}

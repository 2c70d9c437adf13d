using AdvisoryWatch.Fetching;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Sending.Channels.Webhook;

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = AllowedNetworks.Problems($"{WebhookOptions.Section}:AllowedNetworks", options.AllowedNetworks).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

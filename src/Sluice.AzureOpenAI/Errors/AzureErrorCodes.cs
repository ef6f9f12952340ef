namespace Sluice.AzureOpenAI.Errors;

/// <summary>The <c>error.code</c> values of Azure OpenAI that Sluice explains beyond what the OpenAI mapping says.</summary>
public static class AzureErrorCodes
{
    /// <summary>400: the prompt (or an image) was blocked by the content filter; <c>innererror.code</c> is <c>ResponsibleAIPolicyViolation</c>.</summary>
    public const string ContentFilter = "content_filter";

    /// <summary>404: no deployment of that name in the resource (or one created in the last minutes).</summary>
    public const string DeploymentNotFound = "DeploymentNotFound";

    /// <summary>400: the deployment's model does not offer the operation (chat on an embeddings deployment).</summary>
    public const string OperationNotSupported = "OperationNotSupported";

    /// <summary>401: an Entra principal without a data-plane role on the resource.</summary>
    public const string PermissionDenied = "PermissionDenied";

    /// <summary>404 "Resource not found": the path or the api-version is one the resource does not serve.</summary>
    public const string ResourceNotFound = "404";
}

namespace Hub.LocalHost.Content;

/// <summary>Finds the repository the local host runs from: the folder holding Serverless.sln.</summary>
public static class RepositoryLayout
{
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Serverless.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the local host from inside the repository: no folder above here holds Serverless.sln.");
    }
}

<#
.SYNOPSIS
    Builds, tests, documents and packages the PyDis PowerShell module.
.DESCRIPTION
    Runs on Windows PowerShell 5.1 and PowerShell 7.
      Build    lays out out/PyDis/<version>/ ready to import: PyDis.psd1, PyDis.dll, PyDis.Core.dll, the ps1xml
               files and en-US/PyDis.dll-Help.xml plus about_PyDis.help.txt, which `dotnet publish` compiles
               from docs/en-US with tools/PyDis.HelpCompiler (no platyPS; docs/help.md).
      Test     dotnet test of the solution (skip with -SkipDotnetTest), then Pester 5 in a child process of
               the same edition, so the freshly built DLL is never locked in this session.
      Docs     recompiles only the help of an existing layout, for a quick look after editing docs/en-US.
      Package  out/package/PyDis: the layout in a folder named after the module, as Publish-Module -Path wants.
    Pester 5.x is installed for the current user when missing (major version pinned), else taken from NuGet.
.EXAMPLE
    ./build.ps1 -Task Build
.EXAMPLE
    ./build.ps1 -Task Test -SkipDotnetTest
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Used by .ci/run, which runs dotnet test itself before calling this script.
    [switch] $SkipDotnetTest
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Version = ([xml](Get-Content -LiteralPath (Join-Path $Root 'Directory.Build.props') -Raw)).Project.PropertyGroup.VersionPrefix |
    Where-Object { $_ } | Select-Object -First 1
$Layout = Join-Path $Root "out/PyDis/$Version"
$PesterRange = @{ MinimumVersion = '5.0.0'; MaximumVersion = '5.99.99' }

# Set once Invoke-Build has laid the module out in this run; Test lays it out itself otherwise.
$script:LaidOut = $false

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    Write-Verbose "$FilePath $($ArgumentList -join ' ')"
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-ModuleInRange {
    param([string] $Name, [hashtable] $Range)
    Get-Module -Name $Name -ListAvailable |
        Where-Object { $_.Version -ge [version]$Range.MinimumVersion -and $_.Version -le [version]$Range.MaximumVersion } |
        Sort-Object Version -Descending | Select-Object -First 1
}

# The path of a module in the pinned range: installed copy, else PowerShell Gallery, else (Pester only) NuGet.
function Get-ToolModulePath {
    param([string] $Name, [hashtable] $Range)
    $found = Get-ModuleInRange -Name $Name -Range $Range
    if (-not $found) {
        try {
            Install-Module -Name $Name @Range -Scope CurrentUser -Force -SkipPublisherCheck -AllowClobber -ErrorAction Stop
            $found = Get-ModuleInRange -Name $Name -Range $Range
        }
        catch {
            Write-Warning "Install-Module $Name failed: $($_.Exception.Message)"
        }
    }
    if ($found) { return $found.Path }
    if ($Name -eq 'Pester') {
        Invoke-Native dotnet @('restore', (Join-Path $Root 'tools/PSModules.proj'), '--nologo')
        $nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $manifest = Get-ChildItem -Path (Join-Path $nuget 'pester') -Filter Pester.psd1 -Recurse -ErrorAction SilentlyContinue |
            Where-Object { $_.Directory.Parent.Name -like '5.*' } | Select-Object -First 1
        if ($manifest) { return $manifest.FullName }
    }
    throw "$Name $($Range.MinimumVersion)-$($Range.MaximumVersion) is not installed and could not be installed."
}

function Invoke-Build {
    $manifestVersion = (Import-PowerShellDataFile -LiteralPath (Join-Path $Root 'PyDis.psd1')).ModuleVersion
    if ($manifestVersion -ne $Version) { throw "PyDis.psd1 ModuleVersion $manifestVersion differs from Directory.Build.props VersionPrefix $Version" }
    if (Test-Path -LiteralPath $Layout) { Remove-Item -LiteralPath $Layout -Recurse -Force }
    # The publish also compiles docs/en-US into en-US/ (src/PyDis/PyDis.csproj, target PyDisHelp).
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/PyDis/PyDis.csproj'), '-c', $Configuration, '-o', $Layout, '--nologo')
    foreach ($help in 'en-US/PyDis.dll-Help.xml', 'en-US/about_PyDis.help.txt') {
        if (-not (Test-Path -LiteralPath (Join-Path $Layout $help))) { throw "dotnet publish left no $help in $Layout" }
    }
    $null = Test-ModuleManifest -Path (Join-Path $Layout 'PyDis.psd1')
    Write-Host "Module laid out in $Layout"
    $script:LaidOut = $true
}

function Invoke-Docs {
    if (-not (Test-Path -LiteralPath (Join-Path $Layout 'PyDis.dll'))) { throw "Build the module first: $Layout has no PyDis.dll" }
    Invoke-Native dotnet @('run', '--project', (Join-Path $Root 'tools/PyDis.HelpCompiler/PyDis.HelpCompiler.csproj'),
        '-c', $Configuration, '--', '--docs', (Join-Path $Root 'docs/en-US'), '--assembly', (Join-Path $Layout 'PyDis.dll'),
        '--out', (Join-Path $Layout 'en-US'))
}

function Invoke-Test {
    if (-not $SkipDotnetTest) {
        Invoke-Native dotnet @('test', (Join-Path $Root 'PyDis.sln'), '-c', $Configuration, '--nologo')
    }
    # Always lay the module out again (the publish is incremental): a layout left by an earlier build of other
    # sources would test stale DLLs.
    if (-not $script:LaidOut) { Invoke-Build }
    $pester = Get-ToolModulePath -Name Pester -Range $PesterRange
    $results = Join-Path $Root 'out/TestResults'
    $null = New-Item -ItemType Directory -Path $results -Force
    # A child process of this edition: the module DLL it loads is released when it exits.
    $exe = if ($PSVersionTable.PSEdition -eq 'Desktop') { Join-Path $PSHOME 'powershell.exe' }
           else { (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source }
    if (-not $exe) { $exe = (Get-Process -Id $PID).Path }
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($pester -replace "'", "''")' -Force
`$env:PYDIS_MODULE = '$((Join-Path $Layout 'PyDis.psd1') -replace "'", "''")'
`$c = New-PesterConfiguration
`$c.Run.Path = '$((Join-Path $Root 'tests/Pester') -replace "'", "''")'
`$c.Run.Exit = `$true
`$c.Output.Verbosity = 'Detailed'
`$c.TestResult.Enabled = `$true
`$c.TestResult.OutputFormat = 'NUnitXml'
`$c.TestResult.OutputPath = '$((Join-Path $results "pester-$($PSVersionTable.PSEdition).xml") -replace "'", "''")'
Invoke-Pester -Configuration `$c
"@
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    Invoke-Native $exe @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
}

function Invoke-Package {
    if (-not (Test-Path -LiteralPath (Join-Path $Layout 'en-US/PyDis.dll-Help.xml'))) { Invoke-Build }
    $package = Join-Path $Root 'out/package/PyDis'
    if (Test-Path -LiteralPath $package) { Remove-Item -LiteralPath $package -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $package -Force
    Copy-Item -Path (Join-Path $Layout '*') -Destination $package -Recurse
    $null = Test-ModuleManifest -Path (Join-Path $package 'PyDis.psd1')
    Write-Host "Package folder: $package (Publish-Module -Path '$package' -Repository <name>)"
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Docs' { Invoke-Docs }
        'Package' { Invoke-Package }
    }
}

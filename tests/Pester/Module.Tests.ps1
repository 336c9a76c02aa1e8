BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $RepoRoot 'PyDis.psd1')
    $cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'Importing the module on <_>' -ForEach @($PSVersionTable.PSEdition) {
    It 'declares this edition compatible' {
        (Test-ModuleManifest $ModuleManifest).CompatiblePSEditions | Should -Contain $_
    }

    It 'exports exactly the manifest''s cmdlets' {
        $expected = (Import-PowerShellDataFile -LiteralPath $ModuleManifest).CmdletsToExport | Sort-Object
        (Get-Command -Module PyDis).Name | Sort-Object | Should -Be $expected
    }

    It 'loads format data for <_>' -ForEach @(
        'PyDis.Core.Records.PyInstruction', 'PyDis.Core.Records.PyLineStart', 'PyDis.Core.Records.PyCodeObject',
        'PyDis.Core.Records.PycInfo', 'PyDis.Core.Records.PyConstant', 'PyDis.Core.Records.PyExceptionTableEntry',
        'PyDis.Core.Records.PyOpcode') {
        Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
    }

    It 'loads the type data (default key properties)' {
        (Get-TypeData -TypeName PyDis.Core.Records.PyInstruction).DefaultKeyPropertySet.ReferencedProperties |
            Should -Be @('Path', 'CodePath', 'Offset')
    }

    It 'can be imported again in a new session without errors' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddParameter('PassThru').Invoke()
            $ps.HadErrors | Should -BeFalse
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Help of <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
        $helpFile = Join-Path (Split-Path $ModuleManifest) 'en-US/PyDis.dll-Help.xml'
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    }

    It 'comes from the MAML file build.ps1 makes' {
        if (-not (Test-Path $helpFile)) { Set-ItResult -Skipped -Because 'the layout was built without platyPS (dotnet publish only)' }
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$Name*[<CommonParameters>]*"
    }

    It 'has a description and at least two examples' {
        if (-not (Test-Path $helpFile)) { Set-ItResult -Skipped -Because 'no MAML help in this layout' }
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($e in $help.Examples.Example) { $e.Code | Should -Match ([regex]::Escape($Name)) }
    }

    It 'describes every parameter' {
        if (-not (Test-Path $helpFile)) { Set-ItResult -Skipped -Because 'no MAML help in this layout' }
        foreach ($p in $command.Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $ph = $help.Parameters.Parameter | Where-Object Name -eq $p
            $ph | Should -Not -BeNullOrEmpty -Because "-$p needs a help entry"
            ($ph.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$p needs a description"
        }
    }

    It 'has a related link' {
        if (-not (Test-Path $helpFile)) { Set-ItResult -Skipped -Because 'no MAML help in this layout' }
        @($help.RelatedLinks.NavigationLink).Count | Should -BeGreaterThan 0
    }
}

Describe 'about_PyDis' {
    It 'is installed with the module' {
        $about = Join-Path (Split-Path $ModuleManifest) 'en-US/about_PyDis.help.txt'
        if (-not (Test-Path $about)) { Set-ItResult -Skipped -Because 'no help in this layout' }
        Get-Help about_PyDis | Out-String | Should -Match 'Get-PyInstruction'
    }
}

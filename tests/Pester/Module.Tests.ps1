BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    # Every cmdlet the built module has, with its own parameters: a new cmdlet is covered without editing this file.
    $cmdlets = @(Get-Command -Module PyDis -CommandType Cmdlet | Sort-Object Name | ForEach-Object {
            @{
                Name       = $_.Name
                Parameters = @($_.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object | ForEach-Object { @{ Parameter = $_ } })
            }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force

    # Text of a help page in docs/en-US, the source the build compiles the help from.
    function Get-HelpPage([string] $Name) {
        (Get-Content -Raw -LiteralPath (Join-Path $RepoRoot "docs/en-US/$Name.md")) -replace "`r`n", "`n"
    }

    # The first paragraph under a heading of a page ('## SYNOPSIS', '### -Path'), whitespace collapsed.
    function Get-PageParagraph([string] $Page, [string] $Heading) {
        $m = [regex]::Match($Page, "(?m)^$([regex]::Escape($Heading))\n+(.+?)(\n\n|\n```)", 'Singleline')
        if (-not $m.Success) { throw "no $Heading" }
        $m.Groups[1].Value -replace '\s+', ' '
    }

    function Get-Squeezed([object] $Help) { ($Help | Out-String -Width 4000) -replace '\s+', ' ' }
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
        $page = Get-HelpPage $Name
        $help = Get-Help $Name -Full
    }

    It 'comes from en-US/PyDis.dll-Help.xml in the layout, with the synopsis of docs/en-US/<Name>.md' {
        Join-Path (Split-Path $ModuleManifest) 'en-US/PyDis.dll-Help.xml' | Should -Exist
        Split-Path -Leaf (Get-Command $Name).HelpFile | Should -Be 'PyDis.dll-Help.xml'
        $help.Synopsis | Should -BeExactly (Get-PageParagraph $page '## SYNOPSIS')
        ($help.Description | Out-String) -replace '\s+', ' ' | Should -Match ([regex]::Escape((Get-PageParagraph $page '## DESCRIPTION')))
    }

    It 'shows at least two examples with -Examples, each calling the cmdlet, under the page''s titles' {
        $examples = Get-Help $Name -Examples
        @($examples.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($e in $examples.examples.example) { $e.code | Should -Match ([regex]::Escape($Name)) }
        $shown = Get-Squeezed $examples
        foreach ($title in [regex]::Matches($page, '(?m)^### (Example \d+.*)$')) {
            $shown | Should -Match ([regex]::Escape($title.Groups[1].Value.Trim()))
        }
    }

    It 'shows the page''s text for -Parameter <Parameter>' -ForEach $Parameters {
        $parameterHelp = Get-Help $Name -Parameter $Parameter
        $parameterHelp.name | Should -Be $Parameter
        $text = Get-PageParagraph $page "### -$Parameter"
        Get-Squeezed $parameterHelp | Should -Match ([regex]::Escape($text))
    }

    It 'has one syntax entry per parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be (Get-Command $Name).ParameterSets.Count
    }

    It 'has related links, each naming help that exists, and the page''s online address as HelpUri' {
        $links = @($help.relatedLinks.navigationLink | Where-Object { -not $_.uri })
        $links.Count | Should -BeGreaterThan 0
        foreach ($link in $links) { Get-Help $link.linkText -ErrorAction Stop | Should -Not -BeNullOrEmpty }
        $online = [regex]::Match($page, '(?m)^online version:[ \t]*(.*)$').Groups[1].Value.Trim()
        [string](Get-Command $Name).HelpUri | Should -Be $online
    }
}

Describe 'about_PyDis' {
    It 'is in the layout and opens with Get-Help' {
        Join-Path (Split-Path $ModuleManifest) 'en-US/about_PyDis.help.txt' | Should -Exist
        $about = Get-Help about_PyDis | Out-String
        $about | Should -Match '^TOPIC\s+about_PyDis'
        foreach ($c in Get-Command -Module PyDis -CommandType Cmdlet) { $about | Should -Match ([regex]::Escape($c.Name)) }
    }

    It 'shows the short description of docs/en-US/about_PyDis.help.md' {
        $short = Get-PageParagraph (Get-HelpPage 'about_PyDis.help') '# SHORT DESCRIPTION'
        (Get-Help about_PyDis | Out-String) -replace '\s+', ' ' | Should -Match ('SHORT DESCRIPTION ' + [regex]::Escape($short))
    }
}

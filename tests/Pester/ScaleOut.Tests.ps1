# The README's scale-out recipes: ForEach-Object -Parallel over many files, and Invoke-Command fan-out
# (whose results come back serialized, as PSSerializer makes them).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    # Every interpreter fixture: all versions, many shapes of code.
    $files = @(Get-ChildItem -LiteralPath $Fixtures -Directory | Where-Object Name -Match '^\d+\.\d+$' |
            Get-ChildItem -Filter *.pyc | Sort-Object FullName)

    # One row per file, so two runs compare file by file: the README's import audit (IMPORT_NAME objects, every
    # property), the whole dis text, which covers every instruction of the file, and any errors (a fixture of a
    # version PyDis cannot decode must fail the same way in both runs).
    function Get-FileSnapshot([string] $Path) {
        $problems = @()
        [pscustomobject]@{
            Path    = $Path
            Imports = (Get-PyInstruction -LiteralPath $Path -OpName IMPORT_NAME -ErrorAction SilentlyContinue -ErrorVariable +problems |
                    ConvertTo-Csv -NoTypeInformation) -join "`n"
            Listing = Show-PyCode -LiteralPath $Path -Raw -ErrorAction SilentlyContinue -ErrorVariable +problems
            Errors  = ($problems | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join "`n"
        }
    }

    # Every property of a record as name=value:type, to compare records in one assertion. A list (a tuple value,
    # which comes back from another host as an ArrayList of its values) as [item,item,...].
    function Get-ValueText([object] $Value) {
        if ($null -eq $Value) { return ':null' }
        if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [string]) {
            return '[' + (@(foreach ($item in $Value) { Get-ValueText $item }) -join ',') + ']'
        }
        '{0}:{1}' -f $Value, $Value.GetType().Name
    }
    function Get-PropertyText([object] $Record) {
        ($Record.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, (Get-ValueText $_.Value) }) -join '|'
    }
}

Describe 'Scaling out' {
    It 'reads enough files to mean something' {
        $files.Count | Should -BeGreaterThan 100
    }

    It 'ForEach-Object -Parallel gives exactly what a sequential run gives' {
        if ($PSVersionTable.PSVersion.Major -lt 7) { Set-ItResult -Skipped -Because 'ForEach-Object -Parallel needs PowerShell 7' }
        $sequential = foreach ($f in $files) { Get-FileSnapshot $f.FullName }
        $snapshot = ${function:Get-FileSnapshot}.ToString()
        $parallel = $files | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:ModuleManifest
            ${function:Get-FileSnapshot} = $using:snapshot
            Get-FileSnapshot $_.FullName
        }
        @($parallel).Count | Should -Be $files.Count
        @($sequential | Where-Object Imports).Count | Should -BeGreaterThan 50 -Because 'most fixtures import something'
        @($sequential | Where-Object Listing).Count | Should -BeGreaterThan 100
        # Parallel output comes in completion order; compare file by file.
        $parallel = $parallel | Sort-Object Path
        for ($i = 0; $i -lt $files.Count; $i++) {
            $parallel[$i].Path | Should -Be $sequential[$i].Path
            $parallel[$i].Imports | Should -BeExactly $sequential[$i].Imports -Because $sequential[$i].Path
            $parallel[$i].Listing | Should -BeExactly $sequential[$i].Listing -Because $sequential[$i].Path
            $parallel[$i].Errors | Should -BeExactly $sequential[$i].Errors -Because $sequential[$i].Path
        }
    }

    It 'records keep every property value through remoting serialization (<Command>)' -ForEach @(
        @{ Command = 'Get-PyInstruction' }, @{ Command = 'Get-PyPycInfo' }, @{ Command = 'Get-PyCodeObject' },
        @{ Command = 'Get-PyConstant' }, @{ Command = 'Get-PyLineStart' }) {
        $path = Get-FixturePyc 3.12 classes
        $local = @(& $Command -LiteralPath $path)
        $local.Count | Should -BeGreaterThan 0
        # What Invoke-Command returns from another host: a CliXml round trip, depth 1.
        $remote = @([System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($local, 1)))
        $remote.Count | Should -Be $local.Count
        $remote[0].PSTypeNames[0] | Should -Be ('Deserialized.' + $local[0].GetType().FullName)
        $remote | ForEach-Object { Get-PropertyText $_ } | Should -Be ($local | ForEach-Object { Get-PropertyText $_ })
    }
}

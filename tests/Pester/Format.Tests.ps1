# Snapshots of the default views (Out-String -Width 120). The fixture folder in every record's Path is
# replaced by <fixtures> before the records are rendered, so a header's length (and where Out-String wraps it)
# does not depend on where the checkout sits, and the snapshots hold on every machine. To accept a deliberate change, delete the snapshot file
# and run the tests once: the missing snapshot is written and that test fails, asking for a review.
BeforeDiscovery {
    $views = @(
        @{ Name = 'instructions-3.12'; Command = { Get-PyInstruction -LiteralPath (Get-FixturePyc 3.12 classes) -Depth 0 } }
        @{ Name = 'instructions-3.13'; Command = { Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.13 core_control) -Name tries | Get-PyInstruction } }
        @{ Name = 'positions-3.13'; Command = { Get-PyInstruction -LiteralPath (Get-FixturePyc 3.13 classes) -Depth 0 }; Format = { $input | Format-Table -View Positions } }
        @{ Name = 'codeobjects-3.12'; Command = { Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.12 classes) } }
        @{ Name = 'constants-2.7'; Command = { Get-PyConstant -LiteralPath (Get-FixturePyc 2.7 classes) -Depth 0 } }
        @{ Name = 'linestarts-3.8'; Command = { Get-PyLineStart -LiteralPath (Get-FixturePyc 3.8 classes) -Depth 1 } }
        @{ Name = 'exceptiontable-3.13'; Command = { Get-PyExceptionTable -LiteralPath (Get-FixturePyc 3.13 core_control) } }
        @{ Name = 'pycinfo-list'; Command = { Get-PyPycInfo -LiteralPath (Get-FixturePyc 3.12 classes) }; Format = { $input | Format-List } }
        @{ Name = 'opcodes-3.12'; Command = { Get-PyOpcode 3.12 -Name 'CALL*' } }
        @{ Name = 'stackeffect-3.12'; Command = { Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.12 core_control) -Name tries | Measure-PyStackEffect } }
        @{ Name = 'stackdepth-2.7'; Command = { Measure-PyStackEffect -LiteralPath (Get-FixturePyc 2.7 core_control) -Summary } }
        @{ Name = 'opcodestackeffect-3.8'; Command = { Measure-PyStackEffect -OpName 'SETUP_*', 'FOR_ITER' -Arg 0 -Jump:$false -PythonVersion 3.8 } }
        @{ Name = 'basicblocks-3.13'; Command = { Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.13 core_control) -Name tries | Get-PyBasicBlock } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    $snapshots = Join-Path $PSScriptRoot 'Snapshots'
}

Describe 'Default views' {
    It 'renders <Name> as its snapshot' -ForEach $views {
        if ($PSVersionTable.PSEdition -eq 'Desktop') {
            # Windows PowerShell 5.1 truncates cells with '...' instead of PowerShell 7's '…', so its tables differ.
            Set-ItResult -Skipped -Because 'the snapshots are PowerShell 7 renderings'
        }
        $records = @(& $Command)
        foreach ($record in $records) {
            if ($record.PSObject.Properties['Path'] -and $record.Path -is [string]) { $record.Path = $record.Path.Replace($Fixtures, '<fixtures>') }
        }
        $rendered = if ($Format) { $records | & $Format } else { $records }
        $text = ($rendered | Out-String -Width 120) -replace '\\', '/'
        $text = ($text -split "\r?\n" | ForEach-Object { $_.TrimEnd() }) -join "`n"
        $file = Join-Path $snapshots "$Name.txt"
        if (-not (Test-Path $file)) {
            $null = New-Item -ItemType Directory -Path $snapshots -Force
            [IO.File]::WriteAllText($file, $text)
            throw "Snapshot $Name.txt was missing and has been written; review it and run again."
        }
        $text | Should -BeExactly ([IO.File]::ReadAllText($file) -replace "`r`n", "`n")
    }
}

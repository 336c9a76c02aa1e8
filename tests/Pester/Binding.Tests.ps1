BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    $src312 = Get-FixturePyc 3.12 classes
    $src27 = Get-FixturePyc 2.7 classes
    $dir = Join-Path $TestDrive 'tree'
    $null = New-Item -ItemType Directory -Path (Join-Path $dir 'sub') -Force
    Copy-Item $src312 (Join-Path $dir 'a.pyc')
    Copy-Item $src27 (Join-Path $dir 'sub/b.pyc')
    Copy-Item $src312 (Join-Path $dir 'x[1].pyc')
    $expectedA = @(Get-PyInstruction -LiteralPath $src312).Count
    $expectedB = @(Get-PyInstruction -LiteralPath $src27).Count
}

Describe 'Pipeline binding' {
    It 'Get-ChildItem output binds by PSPath to -LiteralPath' {
        $all = Get-ChildItem $dir -Recurse -Filter *.pyc | Get-PyInstruction
        @($all).Count | Should -Be (2 * $expectedA + $expectedB)
        ($all | Select-Object -ExpandProperty Path -Unique).Count | Should -Be 3
    }

    It 'strings bind to -Path' {
        @((Join-Path $dir 'a.pyc') | Get-PyInstruction).Count | Should -Be $expectedA
    }

    It 'objects with a Path property bind by property name' {
        @([pscustomobject]@{ Path = (Join-Path $dir 'a.pyc') } | Get-PyLineStart).Count | Should -BeGreaterThan 0
    }

    It '-Path expands wildcards' {
        @(Get-PyPycInfo -Path (Join-Path $dir '*.pyc')).Count | Should -Be 2
        @(Get-PyPycInfo -Path (Join-Path $dir 's*/*.pyc')).PythonVersion | Should -Be '2.7'
    }

    It '-LiteralPath reads a name with [ ] that -Path treats as a pattern' {
        $literal = Join-Path $dir 'x[1].pyc'
        @(Get-PyInstruction -LiteralPath $literal).Count | Should -Be $expectedA
        @(Get-PyInstruction -Path $literal -ErrorAction SilentlyContinue).Count | Should -Be 0
        @(Get-PyInstruction -Path (Join-Path $dir 'x`[1`].pyc')).Count | Should -Be $expectedA
    }

    It 'a wildcard that matches nothing is silent' {
        Get-PyInstruction -Path (Join-Path $dir 'none*.pyc') -ErrorVariable ev
        $ev | Should -BeNullOrEmpty
    }

    It 'a .py path stands for its __pycache__ files' {
        $proj = Join-Path $TestDrive 'proj'
        $null = New-Item -ItemType Directory -Path (Join-Path $proj '__pycache__') -Force
        Set-Content (Join-Path $proj 'classes.py') 'pass'
        Copy-Item $src312 (Join-Path $proj '__pycache__/classes.cpython-312.pyc')
        Copy-Item $src27 (Join-Path $proj '__pycache__/classes.cpython-27.pyc')
        (Get-PyPycInfo (Join-Path $proj 'classes.py')).PythonVersion | Sort-Object | Should -Be @('2.7', '3.12')
    }

    It 'code objects from Get-PyCodeObject pipe into the other cmdlets' {
        $codes = Get-PyCodeObject -LiteralPath $src312
        $fromCodes = $codes | Get-PyInstruction
        @($fromCodes).Count | Should -Be $expectedA
        ($codes | Where-Object Name -eq '__init__' | Select-Object -First 1 | Get-PyInstruction).CodeName | Select-Object -Unique | Should -Be '__init__'
        @($codes[0] | Get-PyConstant).Count | Should -Be @(Get-PyConstant -LiteralPath $src312 -Depth 0).Count
    }

    It '-OpName filters with wildcards' {
        $loads = Get-PyInstruction -LiteralPath $src312 -OpName LOAD_*, STORE_NAME
        $loads | ForEach-Object { $_.OpName | Should -Match '^(LOAD_.*|STORE_NAME)$' }
        @($loads).Count | Should -BeGreaterThan 0
    }

    It 'records export to CSV without nested values' {
        $csv = Get-PyInstruction -LiteralPath $src312 | Select-Object -First 5 | ConvertTo-Csv -NoTypeInformation
        $csv[0] | Should -Match '"OpName"'
        ($csv -join "`n") | Should -Not -Match 'System\.'
    }

    It 'ConvertFrom-PyBytecode takes hex from the pipeline' {
        $code = (Get-PyCodeObject -LiteralPath $src312 | Select-Object -First 1).Code
        ($code | ConvertFrom-PyBytecode -PythonVersion 3.12).OpName | Should -Be (Get-PyInstruction -LiteralPath $src312 -Depth 0).OpName
    }

    It 'reports progress after 2 s at most 4 times a second, then a Completed record' {
        $many = Join-Path $TestDrive 'many'
        $null = New-Item -ItemType Directory -Path $many -Force
        1..60 | ForEach-Object { Copy-Item $src312 (Join-Path $many "m$_.pyc") }
        # A slow upstream command makes the run last about 3 s on any machine.
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'; `$ProgressPreference = 'Continue'; " +
                "Get-ChildItem '$many' | ForEach-Object { Start-Sleep -Milliseconds 50; `$_ } | Get-PyInstruction | Out-Null")
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $null = $ps.Invoke()
            $seconds = $watch.Elapsed.TotalSeconds
            $records = @($ps.Streams.Progress | Where-Object Activity -eq 'Get-PyInstruction')
            $records.Count | Should -BeGreaterThan 1
            $records[-1].RecordType | Should -Be 'Completed'
            ($records.Count - 1) | Should -BeLessOrEqual ([math]::Ceiling(($seconds - 2) * 4) + 1)
        }
        finally { $ps.Dispose() }
    }
}

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

    It 'a .py path also stands for the Python 2 .pyc (and .pyo) beside it' {
        $old = Join-Path $TestDrive 'py2proj'
        $null = New-Item -ItemType Directory -Path (Join-Path $old '__pycache__') -Force
        Set-Content (Join-Path $old 'classes.py') 'pass'
        Copy-Item $src27 (Join-Path $old 'classes.pyc')
        (Get-PyPycInfo (Join-Path $old 'classes.py')).PythonVersion | ForEach-Object { "$_" } | Should -Be '2.7'
        Copy-Item $src27 (Join-Path $old 'classes.pyo')
        Copy-Item $src312 (Join-Path $old '__pycache__/classes.cpython-312.pyc')
        (Get-PyPycInfo (Join-Path $old 'classes.py')).Path | Split-Path -Leaf | Should -Be @('classes.pyc', 'classes.pyo', 'classes.cpython-312.pyc')
    }

    It 'gives one result per input, as Get-Item does: a file named twice is read twice' {
        $a = Join-Path $dir 'a.pyc'
        @(Get-PyPycInfo $a, $a).Count | Should -Be 2
        @($a, $a | Get-PyPycInfo).Count | Should -Be 2
        @(Get-PyPycInfo -Path (Join-Path $dir '*.pyc'), $a).Count | Should -Be 3
    }

    It 'code objects pipe into ConvertFrom-PyBytecode, binding Code and PythonVersion by property name' {
        $code = Get-PyCodeObject -LiteralPath $src27 | Select-Object -First 1
        $out = $code | ConvertFrom-PyBytecode
        $out.OpName | Should -Be (ConvertFrom-PyBytecode -Hex $code.Code -PythonVersion 2.7).OpName
        $out[0].PythonVersion | ForEach-Object { "$_" } | Should -Be '2.7'
    }

    It 'a byte array piped whole binds to -Bytes' {
        $bytes = [byte[]](0x64, 0x00, 0x53, 0x00)
        $out = , $bytes | ConvertFrom-PyBytecode -PythonVersion 3.8 -ErrorVariable ev
        $ev | Should -BeNullOrEmpty
        $out.OpName | Should -Be @('LOAD_CONST', 'RETURN_VALUE')
        ('64005300' | ConvertFrom-PyBytecode -PythonVersion 3.8).OpName | Should -Be @('LOAD_CONST', 'RETURN_VALUE')
    }

    It 'Get-PyPycInfo pipes into Get-PyOpcode, binding PythonVersion by property name' {
        $ops = Get-PyPycInfo -LiteralPath $src27 | Get-PyOpcode -Name PRINT_ITEM
        $ops.Name | Should -Be 'PRINT_ITEM'
        "$($ops.PythonVersion)" | Should -Be '2.7'
        @(Get-PyPycInfo -LiteralPath $src27, $src312 | Get-PyOpcode -Name NOP).Count | Should -Be 2
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

    Context 'progress, on a simulated clock' {
        BeforeAll {
            $many = Join-Path $TestDrive 'many'
            $null = New-Item -ItemType Directory -Path $many -Force
            1..60 | ForEach-Object { Copy-Item $src312 (Join-Path $many ("m{0:d2}.pyc" -f $_)) }
            # The throttle reads its clock once per file. Instead of a stopwatch it gets the next of a list of
            # simulated readings, so which files report progress does not depend on the machine. The delegates
            # are plain .NET ones (no script blocks): the cmdlet runs on another runspace's thread.
            function Get-ProgressRecord([TimeSpan] $Step) {
                $readings = [System.Collections.Generic.Queue[TimeSpan]]::new()
                1..60 | ForEach-Object { $readings.Enqueue([TimeSpan]::FromTicks($Step.Ticks * $_)) }
                $clock = [Delegate]::CreateDelegate([Func[TimeSpan]], $readings, 'Dequeue')
                $factory = [Delegate]::CreateDelegate([Func[Func[TimeSpan]]], [Tuple[Func[TimeSpan]]]::new($clock), 'get_Item1')
                [PyDis.Core.Hosting.ProgressThrottle]::ClockFactory = $factory
                $ps = [PowerShell]::Create()
                try {
                    $null = $ps.AddScript("Import-Module '$ModuleManifest'; `$ProgressPreference = 'Continue'; " +
                        "Get-ChildItem -LiteralPath '$many' | Get-PyInstruction | Out-Null")
                    $null = $ps.Invoke()
                    $ps.HadErrors | Should -BeFalse
                    $readings.Count | Should -Be 0 -Because 'each of the 60 files reads the clock once'
                    @($ps.Streams.Progress | Where-Object Activity -eq 'Get-PyInstruction')
                }
                finally {
                    $ps.Dispose()
                    [PyDis.Core.Hosting.ProgressThrottle]::ClockFactory = $null
                }
            }
        }

        It 'reports from the 2 s mark at most every 250 ms, then a Completed record' {
            # Readings at 0.1, 0.2, ... 6.0 s: reports at 2.0, 2.3, ... 5.9 s (files 20, 23, ... 59) = 14 records.
            $records = Get-ProgressRecord -Step ([TimeSpan]::FromMilliseconds(100))
            $records.Count | Should -Be 15
            $running = $records | Select-Object -SkipLast 1
            $running.StatusDescription | ForEach-Object { ($_ -split ' ')[0] } | Should -Be @(20..59 | Where-Object { ($_ - 20) % 3 -eq 0 } | ForEach-Object { "$_" })
            $running.RecordType | Should -Not -Contain 'Completed'
            $records[-1].RecordType | Should -Be 'Completed'
            @($records.ActivityId | Select-Object -Unique).Count | Should -Be 1
        }

        It 'reports nothing, not even Completed, for a run shorter than 2 s' {
            Get-ProgressRecord -Step ([TimeSpan]::FromMilliseconds(30)) | Should -BeNullOrEmpty
        }
    }
}
